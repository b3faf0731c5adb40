// The buying organisation as the vendor portal shows it: its logo and name in the header, and a
// footer with its support contact and privacy notice. Neutral words while nothing is set.
import { useRouteLoaderData } from "@remix-run/react";
import { BuyerName, buyerName, logoPath, NO_ORGANISATION, type OrganisationBrand } from "~/domain/organisation";

/** The logo (when there is one) beside the organisation's name; the name is the text, so the image is decorative. */
export function OrganisationMark({ org }: { org: OrganisationBrand }) {
  const logo = logoPath(org);
  return (
    <span className="org-mark">
      {logo ? <img className="org-mark__logo" src={logo} alt="" height={32} /> : null}
      <span className="org-mark__name">{org.name ?? "Due-diligence portal"}</span>
    </span>
  );
}

/** "Northwind Health asks Acme AI about the AI it supplies." */
export function buyerAsks(org: OrganisationBrand, supplierName: string): string {
  return `${BuyerName(org)} asks ${supplierName} about the AI it supplies`;
}

/** Who to ask, and how the buyer handles personal data; nothing when neither is set. */
export function OrganisationFooter({ org }: { org: OrganisationBrand }) {
  if (!org.supportEmail && !org.privacyUrl) return null;
  return (
    <footer className="vendor__footer">
      {org.supportEmail ? (
        <p>
          {`Questions? Contact ${org.supportName ? `${org.supportName} ` : ""}`}
          <a href={`mailto:${org.supportEmail}`}>{org.supportEmail}</a>
          {`${org.name ? ` at ${org.name}` : ""}.`}
        </p>
      ) : null}
      {org.privacyUrl ? (
        <p>
          <a href={org.privacyUrl} rel="noopener noreferrer">
            Privacy notice
          </a>
          : how {buyerName(org)} handles your personal data.
        </p>
      ) : null}
    </footer>
  );
}

/** The buying organisation inside the vendor portal (its layout loads it once per page). */
export function useVendorOrganisation(): OrganisationBrand {
  const layout = useRouteLoaderData<{ organisation: OrganisationBrand }>("routes/v.a.$assessmentId");
  return layout?.organisation ?? NO_ORGANISATION;
}
