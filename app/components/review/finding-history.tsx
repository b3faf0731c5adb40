// A finding's history for staff: every change, response, upload and acceptance, with who and when.
import { formatDateTime } from "~/domain/calendar";
import { FINDING_STATUS_LABELS, type FindingStatus } from "~/domain/review/findings";

export interface FindingHistoryEvent {
  id: string;
  kind: string;
  fromStatus: FindingStatus | null;
  toStatus: FindingStatus | null;
  note: string | null;
  actorLabel: string;
  byVendor: boolean;
  at: string;
}

function what(e: FindingHistoryEvent): string {
  const move = e.fromStatus && e.toStatus ? `${FINDING_STATUS_LABELS[e.fromStatus]} → ${FINDING_STATUS_LABELS[e.toStatus]}` : null;
  switch (e.kind) {
    case "created":
      return "Raised";
    case "status":
      return `Status: ${move ?? "changed"}`;
    case "edited":
      return "Edited";
    case "vendor_response":
      return "The vendor responded";
    case "evidence":
      return "Remediation evidence uploaded";
    case "risk_accepted":
      return `Risk accepted${move ? ` (${move})` : ""}`;
    case "acceptance_expired":
      return `Acceptance expired${move ? ` (${move})` : ""}`;
    default:
      return "Comment";
  }
}

export function FindingHistory({ events }: { events: readonly FindingHistoryEvent[] }) {
  if (events.length === 0) return <p className="muted">No history yet.</p>;
  return (
    <ol className="finding-history">
      {events.map((e) => (
        <li key={e.id} className="finding-history__item">
          <p className="finding-history__head">
            <strong>{what(e)}</strong>{" "}
            <span className="muted">
              {formatDateTime(e.at)} · {e.byVendor ? `vendor contact ${e.actorLabel}` : e.actorLabel}
            </span>
          </p>
          {e.note ? <p className="prewrap finding-history__note">{e.note}</p> : null}
        </li>
      ))}
    </ol>
  );
}
