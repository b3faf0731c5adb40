// Change notices as a table: when, which component, what changed, who reported it, and whether a
// decided review has covered it (in words, never by colour alone).
import { formatDate, formatDateTime } from "~/domain/calendar";

export interface ChangeNoticeRow {
  id: string;
  componentName: string;
  kindLabel: string;
  occurredOn: string;
  description: string;
  reportedLabel: string;
  createdAt: string | Date;
  reviewedAt: string | Date | null;
}

export function ChangeNoticeList({ notices, caption, showComponent }: { notices: readonly ChangeNoticeRow[]; caption: string; showComponent: boolean }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={caption}>
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            {showComponent ? <th scope="col">Component</th> : null}
            <th scope="col">What changed</th>
            <th scope="col">Description</th>
            <th scope="col">Reported</th>
            <th scope="col">Review</th>
          </tr>
        </thead>
        <tbody>
          {notices.map((n) => (
            <tr key={n.id}>
              <td>{formatDate(n.occurredOn)}</td>
              {showComponent ? <td>{n.componentName}</td> : null}
              <td>{n.kindLabel.charAt(0).toUpperCase() + n.kindLabel.slice(1)}</td>
              <td className="prewrap">{n.description}</td>
              <td>
                {n.reportedLabel}
                <br />
                <span className="muted">{formatDateTime(n.createdAt)}</span>
              </td>
              <td>
                {n.reviewedAt ? (
                  <span className="badge badge--ok">Reviewed {formatDate(n.reviewedAt)}</span>
                ) : (
                  <span className="badge badge--warn">Not yet reviewed</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
