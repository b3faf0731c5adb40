// The frame of the vendor portal's public pages (a magic link, "send me a new link"): the buyer's
// name, logo, support contact and privacy notice, and nothing of the staff application.
import type { ReactNode } from "react";
import { NO_ORGANISATION, type OrganisationBrand } from "~/domain/organisation";
import { buyerAsks, OrganisationFooter, OrganisationMark } from "../organisation-brand";

export function VendorFrame({
  title,
  children,
  organisation = NO_ORGANISATION,
  supplierName,
}: {
  title: string;
  children: ReactNode;
  organisation?: OrganisationBrand;
  /** When the page is about one supplier's questionnaire: "<Org> asks <Supplier> about …". */
  supplierName?: string;
}) {
  return (
    <div className="vendor">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="vendor__header">
        <OrganisationMark org={organisation} />
        <span className="vendor__tagline">{supplierName ? buyerAsks(organisation, supplierName) : "Supplier due-diligence questionnaire"}</span>
      </header>
      <main id="main" className="vendor__main vendor__main--narrow">
        <h1>{title}</h1>
        {children}
      </main>
      <OrganisationFooter org={organisation} />
    </div>
  );
}
