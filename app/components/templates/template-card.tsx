// One questionnaire template on the templates page: what it asks and covers, its versions, and
// where it is used (assessments by status and campaigns), each with a link.
import { Link } from "@remix-run/react";
import { STATUS_LABELS } from "~/domain/assessment-lifecycle";
import { formatDate } from "~/domain/calendar";

export interface TemplateCardData {
  id: string;
  name: string;
  description: string | null;
  is_builtin: boolean;
  question_count: number;
  overview: {
    sections: number;
    frameworks: Array<{ id: string; name: string; covered: number; total: number }>;
    versions: Array<{
      id: string;
      version: number;
      status: string;
      createdAt: Date | string;
      publishedAt: Date | string | null;
      retiredAt: Date | string | null;
    }>;
    assessmentsByStatus: Array<{ status: keyof typeof STATUS_LABELS; count: number }>;
    assessments: number;
    campaigns: Array<{ id: string; createdAt: Date | string; total: number; version: number }>;
    campaignCount: number;
  } | null;
}

const VERSION_BADGE: Record<string, string> = { published: "badge badge--ok", draft: "badge badge--warn", retired: "badge badge--muted" };

function versionDate(v: { status: string; createdAt: Date | string; publishedAt: Date | string | null; retiredAt: Date | string | null }) {
  if (v.status === "retired" && v.retiredAt) return `retired ${formatDate(v.retiredAt)}`;
  if (v.publishedAt) return `published ${formatDate(v.publishedAt)}`;
  return `started ${formatDate(v.createdAt)}`;
}

export function TemplateCard({ template }: { template: TemplateCardData }) {
  const o = template.overview;
  const base = `/templates/${template.id}`;
  const headingId = `template-${template.id}`;
  return (
    <article className="template-card" aria-labelledby={headingId}>
      <header className="template-card__header">
        <h2 id={headingId}>
          <Link to={base}>{template.name}</Link>
        </h2>
        {template.is_builtin ? <span className="badge badge--muted">Built-in</span> : null}
      </header>
      {template.description ? <p className="template-card__description">{template.description}</p> : null}
      <p className="template-card__size">
        {template.question_count} questions in {o?.sections ?? 0} sections
        {template.is_builtin
          ? ": asked once for the supplier and once for each AI component in scope, with scoring and knock-outs that cite their source."
          : "."}
      </p>
      <div className="template-card__grid">
        <section aria-labelledby={`${headingId}-covers`}>
          <h3 id={`${headingId}-covers`}>What it covers</h3>
          {o && o.frameworks.length ? (
            <ul className="template-card__list">
              {o.frameworks.map((f) => (
                <li key={f.id}>
                  {f.name} <span className="muted">{`(${f.covered} of ${f.total} controls)`}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">Its questions cite no framework control yet.</p>
          )}
          <p>
            <Link to={`${base}/coverage`}>Coverage by framework and section</Link>
          </p>
        </section>
        <section aria-labelledby={`${headingId}-versions`}>
          <h3 id={`${headingId}-versions`}>Versions</h3>
          <ul className="template-card__list">
            {(o?.versions ?? []).map((v) => (
              <li key={v.id}>
                <Link to={base}>Version {v.version}</Link> <span className={VERSION_BADGE[v.status] ?? "badge"}>{v.status}</span>{" "}
                <span className="muted">{versionDate(v)}</span>
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby={`${headingId}-used`}>
          <h3 id={`${headingId}-used`}>Where it is used</h3>
          {o && o.assessments > 0 ? (
            <>
              <p>
                <Link to={`/assessments?template=${template.id}`}>
                  {o.assessments} assessment{o.assessments === 1 ? "" : "s"}
                </Link>
              </p>
              <ul className="template-card__list">
                {o.assessmentsByStatus.map((s) => (
                  <li key={s.status}>
                    <Link to={`/assessments?template=${template.id}&status=${s.status}`}>
                      {s.count} {STATUS_LABELS[s.status].toLowerCase()}
                    </Link>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p className="muted">Not sent to any supplier yet.</p>
          )}
          {o && o.campaignCount > 0 ? (
            <>
              <p>
                {o.campaignCount} campaign{o.campaignCount === 1 ? "" : "s"}
                {o.campaignCount > o.campaigns.length ? `, the latest ${o.campaigns.length}:` : ":"}
              </p>
              <ul className="template-card__list">
                {o.campaigns.map((c) => (
                  <li key={c.id}>
                    <Link to={`/campaigns/${c.id}`}>
                      {formatDate(c.createdAt)}, to {c.total} supplier{c.total === 1 ? "" : "s"}
                    </Link>{" "}
                    <span className="muted">(version {c.version})</span>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p className="muted">No campaign has used it.</p>
          )}
        </section>
      </div>
    </article>
  );
}
