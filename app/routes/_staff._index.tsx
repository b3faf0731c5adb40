import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUserWithPermission } from "~/services/guard.server";
import { getInventoryCounts } from "~/services/dashboard.server";

export const meta: MetaFunction = () => [{ title: "Dashboard · Assay" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "dashboard:read");
  return { name: user.name, counts: await getInventoryCounts(context.app.db) };
}

const CARDS = [
  { key: "suppliers", label: "AI suppliers", hint: "Companies we buy AI from" },
  { key: "components", label: "AI components", hint: "APIs, models, datasets and features they supply" },
  { key: "systems", label: "Internal AI systems", hint: "Our own models and AI features" },
  { key: "dependencies", label: "Dependencies", hint: "Links from our systems to vendor components" },
] as const;

export default function Dashboard() {
  const { name, counts } = useLoaderData<typeof loader>();
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
    </>
  );
}
