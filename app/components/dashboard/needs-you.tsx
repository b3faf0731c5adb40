// "What needs you": the signed-in user's own work, first on the dashboard. Each count links to the
// list filtered to exactly those rows; overdue is said in words, not only in colour.
import type { NeedsYouItem } from "~/domain/dashboard";

export function NeedsYou({ items }: { items: NeedsYouItem[] }) {
  return (
    <section aria-labelledby="needs-you-heading" className="dash-card needs-you" data-testid="needs-you">
      <h2 id="needs-you-heading">What needs you</h2>
      {items.length === 0 ? (
        <div className="empty">
          <p className="empty__title">Nothing needs you today.</p>
          <p>No review is assigned to you, and nothing you own is due or overdue.</p>
        </div>
      ) : (
        <ul className="needs-you__items">
          {items.map((item) => (
            <li key={item.key} className="needs-you__item" data-testid={`needs-${item.key}`}>
              <p className="needs-you__title">
                <a href={item.href}>
                  <span className="needs-you__count">{item.count}</span> {item.title}
                </a>
                {item.overdue ? (
                  <>
                    {" "}
                    <a href={item.overdue.href} className="needs-you__late">
                      {item.overdue.count} overdue
                    </a>
                  </>
                ) : null}
              </p>
              {item.entries.length ? (
                <ul className="needs-you__entries">
                  {item.entries.map((e) => (
                    <li key={e.href}>
                      <a href={e.href}>{e.label}</a>
                      {e.note ? <span className={e.overdue ? "needs-you__note needs-you__note--late" : "needs-you__note"}>{e.note}</span> : null}
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
