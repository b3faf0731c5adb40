// The overall score over assessment cycles as a small server-rendered SVG line on a fixed 0–100
// scale; decorative beside the table of cycles, which carries the same numbers in words.
import type { Grade } from "~/domain/templates/definition";

const WIDTH = 160;
const HEIGHT = 40;
const PAD = 4;

export function Sparkline({ points }: { points: ReadonlyArray<{ overall: number | null; grade: Grade | null }> }) {
  const scored = points.map((p, i) => ({ ...p, i })).filter((p) => p.overall !== null);
  if (scored.length < 2) return null;
  const x = (i: number) => PAD + (points.length === 1 ? 0 : (i / (points.length - 1)) * (WIDTH - 2 * PAD));
  const y = (v: number) => PAD + (1 - v / 100) * (HEIGHT - 2 * PAD);
  const path = scored.map((p, k) => `${k === 0 ? "M" : "L"}${x(p.i).toFixed(1)},${y(p.overall!).toFixed(1)}`).join(" ");
  return (
    <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width={WIDTH} height={HEIGHT} aria-hidden="true" focusable="false" className="sparkline">
      <line x1={PAD} x2={WIDTH - PAD} y1={y(50)} y2={y(50)} stroke="currentColor" strokeOpacity="0.2" strokeDasharray="2 2" />
      <path d={path} fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round" />
      {scored.map((p) => (
        <circle key={p.i} cx={x(p.i)} cy={y(p.overall!)} r="2.5" fill="currentColor" />
      ))}
    </svg>
  );
}
