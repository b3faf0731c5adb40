import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUserWithPermission } from "~/http/guard.server";
import { BarFigure, type FigureBar } from "~/components/charts/bar-figure";
import { EmptyState } from "~/components/list";
import { STATUS_LABELS } from "~/domain/assessment-lifecycle";
import { today as todayOf } from "~/domain/calendar";
import { SEVERITY_LABELS } from "~/domain/review/findings";
import { IN_FLIGHT_STATUSES } from "~/domain/dashboard";
import { NeedsYou } from "~/components/dashboard/needs-you";
import { getDashboard, getWhatNeedsYou } from "~/services/dashboard.server";

export const meta: MetaFunction = () => [{ title: "Dashboard · Assay" }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: "/styles/dashboard.css" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "dashboard:read");
  const now = new Date();
  const [dashboard, needsYou] = await Promise.all([getDashboard(context.app.db, todayOf(now)), getWhatNeedsYou(context.app.db, user, now)]);
  return { name: user.name, needsYou, ...dashboard };
}

const CARDS = [
  { key: "suppliers", label: "AI suppliers", href: "/suppliers" },
  { key: "components", label: "AI components", href: "/components" },
  { key: "systems", label: "Internal AI systems", href: "/ai-systems" },
  { key: "dependencies", label: "Dependencies", href: "/graph" },
] as const;

const GRADE_TONES = { A: "ok", B: "ok", C: "warn", D: "danger", E: "danger" } as const;
const SEVERITY_TONES = { critical: "danger", high: "danger", medium: "warn", low: "muted" } as const;

export default function Dashboard() {
  const { name, needsYou, counts, grades, deadlines, systemsAtRisk, findings, assessments } = useLoaderData<typeof loader>();
  const gradeBars: FigureBar[] = [
    ...(["A", "B", "C", "D", "E"] as const).map((g) => ({ label: `Grade ${g}`, value: grades[g], tone: GRADE_TONES[g], href: `/components?grade=${g}` })),
    { label: "Not rated yet", value: grades.none, tone: "muted" as const, href: "/components?grade=none" },
  ];
  const rated = gradeBars.slice(0, 5).reduce((sum, b) => sum + b.value, 0);
  const deadlineFigures = [
    { key: "overdue", label: "Overdue", value: deadlines.overdue, href: "/deadlines?window=overdue" },
    { key: "30", label: "Due within 30 days", value: deadlines.within30, href: "/deadlines?window=30" },
    { key: "60", label: "Due within 60 days", value: deadlines.within60, href: "/deadlines?window=60" },
    { key: "90", label: "Due within 90 days", value: deadlines.within90, href: "/deadlines?window=90" },
  ];
  return (
    <>
      <h1>Dashboard</h1>
      <p className="lead">Welcome, {name}. Your own work first, then the state of the AI supply chain.</p>

      <NeedsYou items={needsYou} />

      <section aria-labelledby="inventory-heading" className="dash-inventory">
        <h2 id="inventory-heading" className="visually-hidden">
          Inventory
        </h2>
        <dl className="stat-grid stat-grid--compact">
          {CARDS.map((card) => (
            <div className="stat" key={card.key} data-testid={`count-${card.key}`}>
              <dt>
                <a href={card.href}>{card.label}</a>
              </dt>
              <dd>
                <span className="stat__value">{counts[card.key]}</span>
              </dd>
            </div>
          ))}
        </dl>
      </section>

      <div className="dash-grid">
        <section aria-labelledby="deadlines-heading" className="dash-card" data-testid="deadlines">
          <h2 id="deadlines-heading">
            <a href="/deadlines">Reassessment deadlines</a>
          </h2>
          {deadlines.total === 0 ? (
            <EmptyState title="No reassessment deadlines yet.">
              <p>Deadlines appear once components have decided reviews, evidence with an expiry date or a change notice.</p>
            </EmptyState>
          ) : (
            <ul className="dash-deadlines">
              {deadlineFigures.map((f) => (
                <li key={f.key} className={f.key === "overdue" && f.value > 0 ? "dash-deadlines__item dash-deadlines__item--overdue" : "dash-deadlines__item"}>
                  <a href={f.href} data-testid={`deadlines-${f.key}`}>
                    <span className="dash-deadlines__value">{f.value}</span>
                    <span className="dash-deadlines__label">{f.label}</span>
                  </a>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section aria-labelledby="at-risk-heading" className="dash-card" data-testid="systems-at-risk">
          <h2 id="at-risk-heading">
            <a href="/ai-systems">Internal systems at risk</a>
          </h2>
          {systemsAtRisk.count === 0 ? (
            <EmptyState title="No internal system is at risk.">
              <p>None depends on a component with a lapsed review, an unreviewed change notice or a high or critical residual risk.</p>
            </EmptyState>
          ) : (
            <>
              <p>
                <a href="/deadlines?group=system&amp;window=overdue" data-testid="systems-at-risk-count">
                  <strong>{systemsAtRisk.count}</strong> {systemsAtRisk.count === 1 ? "system" : "systems"} at risk
                </a>
                {systemsAtRisk.count > systemsAtRisk.top.length ? `; the ${systemsAtRisk.top.length} most exposed:` : ":"}
              </p>
              <ol className="dash-risk-list">
                {systemsAtRisk.top.map((s) => (
                  <li key={s.id}>
                    <a href={`/ai-systems/${s.id}`}>{s.name}</a>
                    <ul>
                      {s.reasons.map((reason) => (
                        <li key={reason}>{reason}</li>
                      ))}
                    </ul>
                  </li>
                ))}
              </ol>
            </>
          )}
        </section>

        <div className="dash-stack">
          <BarFigure
            title="Components by current grade"
            testId="grades"
            labelHeader="Grade"
            valueHeader="Components"
            bars={gradeBars}
            empty={
              counts.components === 0 ? (
                <EmptyState title="No AI components yet.">
                  <p>
                    <a href="/suppliers">Add a supplier</a> and the components you buy from it.
                  </p>
                </EmptyState>
              ) : undefined
            }
          />
          {rated === 0 && counts.components > 0 ? (
            <p className="dash-note" data-testid="no-ratings">
              No ratings yet: components are rated once a supplier submits a questionnaire. <a href="/assessments/new">Issue one</a>.
            </p>
          ) : null}
        </div>

        <div className="dash-stack">
          <BarFigure
            title="Open findings by severity"
            testId="findings"
            labelHeader="Severity"
            valueHeader="Open findings"
            bars={(["critical", "high", "medium", "low"] as const).map((s) => ({
              label: SEVERITY_LABELS[s],
              value: findings[s],
              tone: SEVERITY_TONES[s],
              href: `/findings?severity=${s}&status=active`,
            }))}
            empty={<EmptyState title="No open findings." />}
          />

          <p className="dash-more">
            <a href="/findings?status=active">All open findings</a>
          </p>
        </div>

        <div className="dash-stack">
          <BarFigure
            title="Assessments in flight by status"
            testId="assessments"
            labelHeader="Status"
            valueHeader="Assessments"
            bars={IN_FLIGHT_STATUSES.map((s) => ({ label: STATUS_LABELS[s], value: assessments[s], tone: "brand", href: `/assessments?status=${s}` }))}
            empty={
              <EmptyState title="No assessments in flight.">
                <p>
                  <a href="/assessments/new">Issue a questionnaire</a> to a supplier.
                </p>
              </EmptyState>
            }
          />
          <p className="dash-more">
            <a href="/reviews?tab=all">All assessments in review</a> · <a href="/assessments?status=open">Open at the vendor</a>
          </p>
        </div>
      </div>
    </>
  );
}
