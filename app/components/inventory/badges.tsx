import { LABELS, type Criticality, type DataCategory } from "~/domain/inventory";

const CRITICALITY_TONE: Record<Criticality, string> = { low: "muted", medium: "ok", high: "warn", critical: "danger" };

export function CriticalityBadge({ value }: { value: Criticality }) {
  return <span className={`badge badge--${CRITICALITY_TONE[value]}`}>{LABELS.criticality[value]}</span>;
}

export function DataCategories({ values }: { values: readonly DataCategory[] }) {
  if (values.length === 0) return <span className="muted">Not stated</span>;
  return (
    <ul className="tag-list">
      {values.map((v) => (
        <li key={v} className={`badge ${v === "special_category" || v === "personal" ? "badge--warn" : "badge--muted"}`}>
          {LABELS.dataCategory[v]}
        </li>
      ))}
    </ul>
  );
}
