import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { Breadcrumbs } from "~/components/form-parts";
import { formatDate, formatDateTime } from "~/domain/calendar";
import { EmptyState, ListFilters, PageHeader, Pagination } from "~/components/list";
import { readListQuery } from "~/domain/list-query";
import { campaignResultsQuery, getCampaign } from "~/services/campaigns.server";
import { notFound } from "~/http/errors.server";
import { requireUserWithPermission } from "~/http/guard.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Campaign: ${data.campaign.template_name} to ${data.campaign.total} suppliers · Assay` : "Campaign · Assay" },
];

export const links: LinksFunction = () => [{ rel: "stylesheet", href: "/styles/assessments.css" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, context, "assessment:read");
  const query = readListQuery(new URL(request.url), campaignResultsQuery);
  const found = await getCampaign(context.app.db, params.campaignId, query);
  if (!found) throw notFound();
  return { ...found, query };
}

const RESULT_LABELS = { pending: "Waiting", issued: "Issued", skipped: "Skipped", failed: "Failed" } as const;
const RESULT_TONES = { pending: "badge--muted", issued: "badge--ok", skipped: "badge--warn", failed: "badge--danger" } as const;
const REFRESH_SECONDS = 2;

export default function CampaignPage() {
  const { campaign, results, total, query } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  // With JavaScript, the data refreshes in place while the campaign runs; without it, the
  // <noscript> meta refresh below reloads the page.
  useEffect(() => {
    if (!campaign.running) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle" && document.visibilityState === "visible") revalidator.revalidate();
    }, REFRESH_SECONDS * 1000);
    return () => clearInterval(timer);
  }, [campaign.running, revalidator]);
  const percent = campaign.total ? Math.floor((campaign.done / campaign.total) * 100) : 100;
  return (
    <>
      {campaign.running ? (
        <noscript>
          <meta httpEquiv="refresh" content={String(REFRESH_SECONDS)} />
        </noscript>
      ) : null}
      <Breadcrumbs items={[{ to: "/assessments", label: "Assessments" }, { label: "Campaign" }]} />
      <PageHeader title={`Campaign: ${campaign.template_name}, version ${campaign.version}`}>
        <p className="lead">
          To {campaign.total} supplier{campaign.total === 1 ? "" : "s"}, due {formatDate(campaign.due_date)}. Started {formatDateTime(campaign.created_at)}
          {campaign.created_by_name ? ` by ${campaign.created_by_name}` : ""}.
        </p>
      </PageHeader>

      <section aria-labelledby="campaign-progress-heading" className="panel">
        <h2 id="campaign-progress-heading">{campaign.running ? "Issuing…" : "Done"}</h2>
        <div className="progress-line">
          <label htmlFor="campaign-progress">
            {campaign.done} of {campaign.total} suppliers processed ({percent}%)
          </label>
          <progress id="campaign-progress" max={Math.max(campaign.total, 1)} value={campaign.total ? campaign.done : 1}>
            {percent}%
          </progress>
        </div>
        <p role="status" aria-live="polite" className="campaign-counts">
          {campaign.issued} issued · {campaign.skipped} skipped · {campaign.failed} failed
          {campaign.running
            ? ` · ${campaign.total - campaign.done} waiting`
            : campaign.finished_at
              ? ` · finished ${formatDateTime(campaign.finished_at)}`
              : ""}
        </p>
        {campaign.issued ? (
          <p>
            <Link to={`/assessments?campaign=${campaign.id}`}>See the assessments this campaign issued</Link>
          </p>
        ) : null}
      </section>

      <section aria-labelledby="campaign-results-heading">
        <h2 id="campaign-results-heading">Result per supplier</h2>
        <ListFilters
          q={query.q}
          searchLabel="Search by supplier"
          filters={[
            {
              name: "status",
              label: "Result",
              value: query.status,
              options: Object.entries(RESULT_LABELS).map(([value, label]) => ({ value, label })),
            },
          ]}
        />
        {results.length === 0 ? (
          <EmptyState title="No supplier has this result." />
        ) : (
          <div className="table-wrap">
            <table className="campaign-results">
              <caption className="visually-hidden">Result per supplier</caption>
              <thead>
                <tr>
                  <th scope="col">Supplier</th>
                  <th scope="col">Result</th>
                  <th scope="col">Why, or the assessment</th>
                </tr>
              </thead>
              <tbody>
                {results.map((r) => (
                  <tr key={r.supplier_id}>
                    <th scope="row">
                      <Link to={`/suppliers/${r.supplier_id}`}>{r.supplier_name}</Link>
                    </th>
                    <td>
                      <span className={`badge ${RESULT_TONES[r.status]}`}>{RESULT_LABELS[r.status]}</span>
                    </td>
                    <td>
                      {r.reason ? <span>{r.reason} </span> : null}
                      {r.assessment_id ? (
                        <Link to={`/assessments/${r.assessment_id}`}>{r.status === "issued" ? "Open the assessment" : "Open the existing assessment"}</Link>
                      ) : null}
                      {!r.reason && !r.assessment_id ? <span className="muted">—</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pagination total={total} page={query.page} noun="suppliers" />
      </section>
    </>
  );
}
