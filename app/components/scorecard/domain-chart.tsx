// The domain scores as a server-rendered SVG on a fixed 0–100 scale, with the grade thresholds
// drawn as lines; each bar links to its explanation. The table beside it carries the same numbers.
import { DOMAIN_LABELS, SCORING_DOMAINS, type ScoringDomain } from "~/domain/templates/definition";
import type { Methodology } from "~/domain/scoring/methodology";
import { score } from "./format";

const ROW = 30;
const LABEL = 340; // wide enough for the longest domain label ("Retraining, versioning and change management")
const BAR = 300;
const TOP = 18;

export interface DomainBar {
  domain: ScoringDomain;
  value: number | null;
  href: string;
}

export function DomainChart({ title, bars, thresholds }: { title: string; bars: DomainBar[]; thresholds: Methodology["thresholds"] }) {
  const titleId = "domain-chart-title";
  const tone = (v: number) => (v >= thresholds.B ? "ok" : v >= thresholds.D ? "warn" : "danger");
  const height = TOP + SCORING_DOMAINS.length * ROW;
  return (
    <figure className="bar-chart domain-chart">
      <figcaption id={titleId}>{title}</figcaption>
      <svg viewBox={`0 0 ${LABEL + BAR + 60} ${height}`} role="group" aria-labelledby={titleId} className="bar-chart__svg domain-chart__svg">
        {(["A", "B", "C", "D"] as const).map((g) => (
          <g key={g} className="domain-chart__threshold" aria-hidden="true">
            <line x1={LABEL + (thresholds[g] / 100) * BAR} x2={LABEL + (thresholds[g] / 100) * BAR} y1={TOP - 4} y2={height} />
            <text x={LABEL + (thresholds[g] / 100) * BAR} y={TOP - 6} textAnchor="middle">
              {g}
            </text>
          </g>
        ))}
        {bars.map((bar, i) => {
          const y = TOP + i * ROW;
          const width = bar.value === null ? 0 : Math.max(2, Math.round((bar.value / 100) * BAR));
          return (
            <a key={bar.domain} href={bar.href}>
              <g className={`bar-chart__row bar-chart__row--${bar.value === null ? "muted" : tone(bar.value)}`}>
                <text x={0} y={y + 19} className="bar-chart__label">
                  {DOMAIN_LABELS[bar.domain]}
                </text>
                <rect x={LABEL} y={y + 7} width={BAR} height={16} rx={3} className="domain-chart__track" />
                {bar.value === null ? null : <rect x={LABEL} y={y + 7} width={width} height={16} rx={3} className="bar-chart__bar" />}
                <text x={LABEL + (bar.value === null ? 4 : width + 6)} y={y + 19} className="bar-chart__value">
                  {bar.value === null ? "not scored" : score(bar.value)}
                </text>
              </g>
            </a>
          );
        })}
      </svg>
    </figure>
  );
}
