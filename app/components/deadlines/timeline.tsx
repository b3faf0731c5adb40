// The deadlines timeline: one row per group (internal system or supplier), a marker at each
// component's due date over the next 12 months, a line for today; overdue deadlines sit at the
// left edge, marked in words too. Server-rendered SVG with an accessible name; the table below is
// its text equivalent.
import { addDays, daysBetween, formatDate, type CalendarDate } from "~/domain/calendar";

export interface TimelineRow {
  id: string;
  name: string;
  markers: Array<{ id: string; label: string; dueOn: string; overdue: boolean }>;
}

const WIDTH = 900;
const LABEL = 220;
const ROW = 28;
const TOP = 28;
const SPAN = 365;

export function DeadlineTimeline({ rows, today, title }: { rows: TimelineRow[]; today: string; title: string }) {
  const start = today as CalendarDate;
  const plot = WIDTH - LABEL - 20;
  const x = (date: string) => {
    const days = Math.min(SPAN, Math.max(0, daysBetween(start, date as CalendarDate)));
    return LABEL + (days / SPAN) * plot;
  };
  const height = TOP + rows.length * ROW + 10;
  const months = [0, 3, 6, 9, 12].map((m) => addDays(start, Math.round((m * SPAN) / 12)));
  return (
    // Scrolls sideways on a narrow screen: focusable, so the keyboard can scroll it too.
    <figure className="deadline-timeline" tabIndex={0} aria-labelledby="timeline-title">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby="timeline-title timeline-desc" className="deadline-timeline__svg">
        <title id="timeline-title">{title}</title>
        <desc id="timeline-desc">
          {rows.length === 0
            ? "No deadlines match these filters."
            : `${rows.length} rows from today, ${formatDate(start)}, to ${formatDate(addDays(start, SPAN))}; overdue deadlines are drawn at the left edge and labelled “overdue”. The table below lists the same deadlines.`}
        </desc>
        {months.map((m) => (
          <g key={m}>
            <line x1={x(m)} x2={x(m)} y1={TOP - 8} y2={height - 6} className="deadline-timeline__grid" />
            <text x={x(m)} y={TOP - 12} className="deadline-timeline__tick" textAnchor="middle">
              {formatDate(m)}
            </text>
          </g>
        ))}
        <line x1={LABEL} x2={LABEL} y1={TOP - 8} y2={height - 6} className="deadline-timeline__today" />
        {rows.map((row, i) => {
          const y = TOP + i * ROW + ROW / 2;
          return (
            <g key={row.id}>
              <text x={LABEL - 8} y={y + 4} textAnchor="end" className="deadline-timeline__label">
                {row.name.length > 28 ? `${row.name.slice(0, 27)}…` : row.name}
              </text>
              <line x1={LABEL} x2={WIDTH - 20} y1={y} y2={y} className="deadline-timeline__track" />
              {row.markers.map((m) => (
                <g key={m.id}>
                  {m.overdue ? (
                    <rect x={x(m.dueOn) - 6} y={y - 6} width={12} height={12} className="deadline-timeline__marker deadline-timeline__marker--overdue">
                      <title>{`${m.label}: overdue since ${formatDate(m.dueOn)}`}</title>
                    </rect>
                  ) : (
                    <circle cx={x(m.dueOn)} cy={y} r={6} className="deadline-timeline__marker">
                      <title>{`${m.label}: due ${formatDate(m.dueOn)}`}</title>
                    </circle>
                  )}
                </g>
              ))}
              {row.markers.some((m) => m.overdue) ? (
                <text x={LABEL + 10} y={y - 8} className="deadline-timeline__overdue">
                  overdue
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption className="muted">
        Today is the line on the left; squares labelled “overdue” are past due. Each marker is one component’s deadline.
      </figcaption>
    </figure>
  );
}
