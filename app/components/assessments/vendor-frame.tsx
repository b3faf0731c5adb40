// The frame of the vendor portal's public pages (a magic link, "send me a new link"): the buyer's
// name and nothing of the staff application.
import type { ReactNode } from "react";

export function VendorFrame({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="vendor">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="vendor__header">
        <span className="brand">Assay</span>
        <span className="vendor__tagline">Supplier due-diligence questionnaire</span>
      </header>
      <main id="main" className="vendor__main vendor__main--narrow">
        <h1>{title}</h1>
        {children}
      </main>
    </div>
  );
}
