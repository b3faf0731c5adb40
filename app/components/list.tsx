// Building blocks of every list page: a filter bar that is a plain GET form, sortable
// column headers, pagination links and an empty state with a next step.
import { Form, Link, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import { pageInfo, withParams } from "~/domain/list-query";
import type { Option } from "./field";

export interface Filter {
  name: string;
  label: string;
  value: string | undefined;
  options: ReadonlyArray<Option>;
}

export function ListFilters({ q, filters, searchLabel }: { q: string; filters: Filter[]; searchLabel: string }) {
  return (
    <Form method="get" className="filters" role="search" aria-label={searchLabel}>
      <div className="field">
        <label htmlFor="list-q">{searchLabel}</label>
        <input id="list-q" type="search" name="q" defaultValue={q} maxLength={100} />
      </div>
      {filters.map((f) => (
        <div className="field" key={f.name}>
          <label htmlFor={`filter-${f.name}`}>{f.label}</label>
          <select id={`filter-${f.name}`} name={f.name} defaultValue={f.value ?? ""}>
            <option value="">All</option>
            {f.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      ))}
      <button type="submit" className="button">
        Apply
      </button>
      {q || filters.some((f) => f.value) ? (
        <Link to="?" className="button button--quiet">
          Clear
        </Link>
      ) : null}
    </Form>
  );
}

export function SortHeader({ column, label, sort, dir }: { column: string; label: string; sort: string; dir: "asc" | "desc" }) {
  const { search } = useLocation();
  const active = sort === column;
  const nextDir = active && dir === "asc" ? "desc" : "asc";
  return (
    <th scope="col" aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : undefined}>
      <Link to={withParams(search, { sort: column, dir: nextDir, page: undefined })} className="sort-link">
        {label}
        <span aria-hidden="true">{active ? (dir === "asc" ? " ▲" : " ▼") : ""}</span>
        <span className="visually-hidden">{active ? `, sorted ${dir === "asc" ? "ascending" : "descending"}` : ", sort"}</span>
      </Link>
    </th>
  );
}

export function Pagination({ total, page, noun }: { total: number; page: number; noun: string }) {
  const { search } = useLocation();
  const info = pageInfo(total, page);
  return (
    <nav className="pagination" aria-label="Pages">
      <p role="status">{total === 0 ? `No ${noun}` : `${info.from}–${info.to} of ${total.toLocaleString("en-GB")} ${noun}`}</p>
      {info.pageCount > 1 ? (
        <ul>
          <li>
            {info.page > 1 ? (
              <Link to={withParams(search, { page: info.page - 1 })} rel="prev">
                ← Previous
              </Link>
            ) : (
              <span aria-disabled="true">← Previous</span>
            )}
          </li>
          <li>
            Page {info.page} of {info.pageCount.toLocaleString("en-GB")}
          </li>
          <li>
            {info.page < info.pageCount ? (
              <Link to={withParams(search, { page: info.page + 1 })} rel="next">
                Next →
              </Link>
            ) : (
              <span aria-disabled="true">Next →</span>
            )}
          </li>
        </ul>
      ) : null}
    </nav>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty__title">{title}</p>
      {children}
    </div>
  );
}

export function PageHeader({ title, actions, children }: { title: string; actions?: ReactNode; children?: ReactNode }) {
  return (
    <div className="page-header">
      <div>
        <h1>{title}</h1>
        {children}
      </div>
      {actions ? <div className="page-header__actions">{actions}</div> : null}
    </div>
  );
}
