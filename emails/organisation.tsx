// The buying organisation, as every email names it: set once per render (emails/index.ts wraps the
// email in this context) and read by the layout's header and footer and by the vendor emails' words.
import { createContext, useContext } from "react";
import { BuyerName, buyerName, NO_ORGANISATION, type OrganisationBrand } from "../app/domain/organisation";

export const OrganisationContext = createContext<OrganisationBrand>(NO_ORGANISATION);

/** The profile of the organisation sending the email, with its name in a sentence and at a sentence's start. */
export function useOrganisation() {
  const org = useContext(OrganisationContext);
  return { ...org, buyer: buyerName(org), Buyer: BuyerName(org) };
}

/** "Questions? Contact Dana Ortiz (vendor-risk@northwind.example)." or null when no contact is set. */
export function supportLine(org: OrganisationBrand): string | null {
  if (!org.supportEmail) return null;
  return `Questions? Contact ${org.supportName ? `${org.supportName} (${org.supportEmail})` : org.supportEmail}.`;
}
