// The filters of the answers review: a plain GET form (works without JavaScript), one checkbox
// per filter with how many answers it finds; ticked filters combine (an answer must pass each).
// A filter that cannot apply is shown disabled with the reason, never hidden.
import { Form, Link } from "@remix-run/react";
import { FILTER_LABELS, FILTER_PARAM, REVIEW_FILTERS, type ReviewFilter } from "~/domain/review/answer-review";

export interface AnswersFiltersProps {
  action: string;
  filters: readonly ReviewFilter[];
  counts: Record<ReviewFilter, number>;
  unavailable: Partial<Record<ReviewFilter, string>>;
  total: number;
  shown: number;
}

export function AnswersFilters({ action, filters, counts, unavailable, total, shown }: AnswersFiltersProps) {
  return (
    <section className="panel review-filters" aria-labelledby="review-filters-heading">
      <h2 id="review-filters-heading">Show only</h2>
      <Form method="get" action={action} className="review-filters__form">
        <fieldset className="review-filters__set">
          <legend className="visually-hidden">Filters (an answer must match every ticked one)</legend>
          {REVIEW_FILTERS.map((f) => {
            const why = unavailable[f];
            const id = `filter-${f}`;
            return (
              <span key={f} className={why ? "review-filters__option review-filters__option--off" : "review-filters__option"}>
                <input
                  type="checkbox"
                  id={id}
                  name={FILTER_PARAM}
                  value={f}
                  defaultChecked={filters.includes(f)}
                  disabled={Boolean(why)}
                  aria-describedby={why ? `${id}-why` : undefined}
                />
                <label htmlFor={id}>
                  {FILTER_LABELS[f]} <span className="review-filters__count">({why ? "—" : counts[f]})</span>
                </label>
                {why ? (
                  <span className="review-filters__why" id={`${id}-why`}>
                    Not available: {why}.
                  </span>
                ) : null}
              </span>
            );
          })}
        </fieldset>
        <div className="review-filters__actions">
          <button type="submit" className="button button--small">
            Apply filters
          </button>
          {filters.length ? (
            <Link className="button button--small button--quiet" to={action}>
              Show all
            </Link>
          ) : null}
        </div>
      </Form>
      <p className="review-filters__status" role="status">
        {filters.length
          ? `Showing ${shown} of ${total} questions: ${filters.map((f) => FILTER_LABELS[f].toLowerCase()).join(" and ")}.`
          : `Showing all ${total} questions.`}
      </p>
    </section>
  );
}
