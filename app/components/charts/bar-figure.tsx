import type { ReactNode } from "react";
// A horizontal bar chart drawn as SVG on the server (widths are attributes, so the strict CSP needs
// no inline styles), readable without JavaScript: the SVG is an image named by the figure's
// caption with every label and value written in it, and the same figures follow as a visible table
// whose rows link to the filtered list behind each bar. Tone only reinforces the label, never
// replaces it.
export interface FigureBar {
  label: string;
  value: number;
  tone?: "brand" | "ok" | "warn" | "danger" | "muted";
  href?: string;
}

const ROW = 28;
const LABEL_WIDTH = 150;
const BAR_WIDTH = 220;

export function slug(text: string) {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

export function BarFigure({
  title,
  bars,
  labelHeader,
  valueHeader,
  empty,
  testId,
}: {
  title: string;
  bars: FigureBar[];
  /** Column headers of the text equivalent. */
  labelHeader: string;
  valueHeader: string;
  /** Shown instead of the chart when every bar is zero. */
  empty?: ReactNode;
  testId?: string;
}) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const id = `chart-${slug(title)}`;
  const total = bars.reduce((sum, b) => sum + b.value, 0);
  return (
    <figure className="bar-chart bar-figure" aria-labelledby={`${id}-caption`} data-testid={testId}>
      <figcaption id={`${id}-caption`}>{title}</figcaption>
      {empty && total === 0 ? (
        <div className="bar-figure__empty">{empty}</div>
      ) : (
        <>
          <svg viewBox={`0 0 ${LABEL_WIDTH + BAR_WIDTH + 60} ${bars.length * ROW}`} role="img" aria-labelledby={`${id}-caption`} className="bar-chart__svg">
            {bars.map((bar, i) => {
              const width = Math.round((bar.value / max) * BAR_WIDTH);
              const y = i * ROW;
              return (
                <g key={bar.label} className={`bar-chart__row bar-chart__row--${bar.tone ?? "brand"}`}>
                  <text x={0} y={y + 18} className="bar-chart__label">
                    {bar.label}
                  </text>
                  <rect x={LABEL_WIDTH} y={y + 6} width={Math.max(width, bar.value > 0 ? 2 : 0)} height={16} rx={3} className="bar-chart__bar" />
                  <text x={LABEL_WIDTH + width + 6} y={y + 18} className="bar-chart__value">
                    {bar.value}
                  </text>
                </g>
              );
            })}
          </svg>
          <table className="bar-figure__table">
            <caption className="visually-hidden">{title} as a table</caption>
            <thead>
              <tr>
                <th scope="col">{labelHeader}</th>
                <th scope="col" className="num">
                  {valueHeader}
                </th>
              </tr>
            </thead>
            <tbody>
              {bars.map((bar) => (
                <tr key={bar.label}>
                  <th scope="row">{bar.href ? <a href={bar.href}>{bar.label}</a> : bar.label}</th>
                  <td className="num">{bar.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </figure>
  );
}
