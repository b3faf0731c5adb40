import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUserWithPermission } from "~/http/guard.server";
import { BarChart } from "~/components/bar-chart";
import { CRITICALITIES, LABELS } from "~/domain/inventory";
import { getBreakdowns, getInventoryCounts } from "~/services/dashboard.server";

export const meta: MetaFunction = () => [{ title: "Dashboard · Assay" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "dashboard:read");
  const today = new Date().toISOString().slice(0, 10);
  const [counts, breakdowns] = await Promise.all([getInventoryCounts(context.app.db), getBreakdowns(context.app.db, today)]);
  return { name: user.name, counts, breakdowns };
}

const CARDS = [
  { key: "suppliers", label: "AI suppliers", hint: "Companies we buy AI from" },
  { key: "components", label: "AI components", hint: "APIs, models, datasets and features they supply" },
  { key: "systems", label: "Internal AI systems", hint: "Our own models and AI features" },
  { key: "dependencies", label: "Dependencies", hint: "Links from our systems to vendor components" },
] as const;

export default function Dashboard() {
  const { name, counts, breakdowns } = useLoaderData<typeof loader>();
  const criticalityTone = { low: "muted", medium: "ok", high: "warn", critical: "danger" } as const;
  return (
    <>
      <h1>Dashboard</h1>
      <p className="lead">Welcome, {name}. This is the AI supply chain Assay knows about.</p>
      <section aria-labelledby="inventory-heading">
        <h2 id="inventory-heading">Inventory</h2>
        <dl className="stat-grid">
          {CARDS.map((card) => (
            <div className="stat" key={card.key} data-testid={`count-${card.key}`}>
              <dt>{card.label}</dt>
              <dd>
                <span className="stat__value">{counts[card.key]}</span>
                <span className="stat__hint">{card.hint}</span>
              </dd>
            </div>
          ))}
        </dl>
      </section>
      <section aria-labelledby="charts-heading">
        <h2 id="charts-heading">At a glance</h2>
        <div className="chart-grid">
          <BarChart
            title="Internal AI systems by criticality"
            bars={[...CRITICALITIES].reverse().map((c) => ({
              label: LABELS.criticality[c],
              value: breakdowns.systemsByCriticality[c] ?? 0,
              tone: criticalityTone[c],
              href: `/ai-systems?criticality=${c}`,
            }))}
          />
          <BarChart
            title="Questionnaires by status"
            empty={
              <p>
                No questionnaires issued yet. <a href="/assessments/new">Issue one</a> to a supplier.
              </p>
            }
            bars={[
              { label: "Sent", value: breakdowns.assessmentsByStatus.sent ?? 0, tone: "muted", href: "/assessments?status=sent" },
              { label: "In progress", value: breakdowns.assessmentsByStatus.in_progress ?? 0, tone: "brand", href: "/assessments?status=in_progress" },
              { label: "Overdue", value: breakdowns.overdueAssessments, tone: "danger", href: "/assessments?overdue=yes" },
              { label: "Submitted", value: breakdowns.assessmentsByStatus.submitted ?? 0, tone: "ok", href: "/assessments?status=submitted" },
              { label: "Closed", value: breakdowns.assessmentsByStatus.closed ?? 0, tone: "muted", href: "/assessments?status=closed" },
            ]}
          />
        </div>
      </section>
    </>
  );
}
