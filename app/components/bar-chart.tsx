import type { ReactNode } from "react";
// A small horizontal bar chart drawn as SVG on the server (widths are attributes, so the strict
// CSP needs no inline styles). The numbers are also written out, so the picture is never the only copy.
export interface Bar {
  label: string;
  value: number;
  tone?: "brand" | "ok" | "warn" | "danger" | "muted";
  href?: string;
}

const ROW = 28;
const LABEL_WIDTH = 150;
const BAR_WIDTH = 220;

export function BarChart({ title, bars, empty }: { title: string; bars: Bar[]; empty?: ReactNode }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const titleId = `chart-${title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  return (
    <figure className="bar-chart">
      <figcaption id={titleId}>{title}</figcaption>
      {empty && bars.every((b) => b.value === 0) ? (
        <div className="muted">{empty}</div>
      ) : (
        <svg viewBox={`0 0 ${LABEL_WIDTH + BAR_WIDTH + 50} ${bars.length * ROW}`} role="group" aria-labelledby={titleId} className="bar-chart__svg">
          {bars.map((bar, i) => {
            const width = Math.round((bar.value / max) * BAR_WIDTH);
            const y = i * ROW;
            const row = (
              <g key={bar.label} className={`bar-chart__row bar-chart__row--${bar.tone ?? "brand"}`}>
                <text x={0} y={y + 18} className="bar-chart__label">
                  {bar.label}
                </text>
                <rect x={LABEL_WIDTH} y={y + 6} width={Math.max(width, bar.value > 0 ? 2 : 0)} height={16} rx={3} className="bar-chart__bar" />
                <text x={LABEL_WIDTH + Math.max(width, 0) + 6} y={y + 18} className="bar-chart__value">
                  {bar.value}
                </text>
              </g>
            );
            return bar.href ? (
              <a key={bar.label} href={bar.href}>
                {row}
              </a>
            ) : (
              row
            );
          })}
        </svg>
      )}
    </figure>
  );
}
