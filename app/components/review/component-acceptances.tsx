// The component page's risk-acceptance panel: the acceptances of its residual risk in force, with
// their expiry, and the way to add one for those who may.
import { Link } from "@remix-run/react";
import { AcceptanceList, type AcceptanceItem } from "./risk-acceptances";

export function ComponentAcceptances({ componentId, active, canAccept }: { componentId: string; active: AcceptanceItem[]; canAccept: boolean }) {
  const page = `/components/${componentId}/accept-risk`;
  return (
    <section aria-labelledby="acceptances-heading" className="panel">
      <h2 id="acceptances-heading">Risk acceptance</h2>
      {active.length === 0 ? (
        <p className="muted">No acceptance of this component's residual risk is in force.</p>
      ) : (
        <AcceptanceList acceptances={active} canRevoke={canAccept} action={page} caption="of this component" kind="component" />
      )}
      <p>
        {canAccept ? (
          <Link to={page} className="button">
            Accept the residual risk
          </Link>
        ) : null}{" "}
        <Link to={page}>All acceptances, with their history</Link>
      </p>
    </section>
  );
}
