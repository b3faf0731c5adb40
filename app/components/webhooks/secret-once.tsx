import { Link } from "@remix-run/react";

/** The endpoint's signing secret, shown once (after registering or rotating); it cannot be shown again. */
export function SecretOnce({ secret, heading, endpointId }: { secret: string; heading: string; endpointId?: string }) {
  return (
    <section className="webhooks__secret flash flash--ok" aria-labelledby="secret-heading">
      <h2 id="secret-heading">{heading}</h2>
      <p>Copy the signing secret now and give it to the receiver: Assay will not show it again (rotate it to get a new one).</p>
      <p>
        <label htmlFor="webhook-secret">Signing secret</label>
        <input id="webhook-secret" className="webhooks__secret-value" readOnly value={secret} />
      </p>
      {endpointId ? (
        <p>
          <Link to={`/admin/webhooks/${endpointId}`}>Open the endpoint</Link>
        </p>
      ) : null}
    </section>
  );
}
