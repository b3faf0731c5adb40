// /assessments/:id/changes: a reassessment's answers beside the previous cycle's, question by
// question, grouped as changed, new questions, confirmed and not yet confirmed; where the template
// version changed, which questions it added and removed.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AssessmentStatusBadge } from "~/components/assessments/badges";
import { Breadcrumbs } from "~/components/form-parts";
import { PageHeader } from "~/components/list";
import { formatDate } from "~/domain/calendar";
import type { CycleChange } from "~/domain/review/cycle-diff";
import { DECISION_LABELS } from "~/domain/review/decision";
import { notFound } from "~/http/errors.server";
import { requireUserWithPermission } from "~/http/guard.server";
import { cycleDiff } from "~/services/reassessment.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Changes since the previous cycle${data ? ` · ${data.supplierName}` : ""} · Assay` }];

export const links: LinksFunction = () => [{ rel: "stylesheet", href: "/styles/review-cycle.css" }];

const GROUPS: Record<CycleChange, { title: string; hint: string }> = {
  changed: { title: "Changed", hint: "The answer, “not applicable” or the comment differs from the previous cycle." },
  new_question: { title: "New questions", hint: "Not asked in the previous cycle: answered fresh." },
  confirmed: { title: "Confirmed", hint: "Saved again by the vendor with the same answer as the previous cycle." },
  unchanged: { title: "Not yet confirmed", hint: "Carried over from the previous cycle; the vendor has not confirmed or changed them yet." },
};

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, context, "assessment:read");
  const diff = await cycleDiff(context.app.db, params.assessmentId);
  if (!diff) throw notFound();
  return diff;
}

export default function CycleChanges() {
  const { supplierName, current, previous, summary, groups, templateChanged, added, removed } = useLoaderData<typeof loader>();
  const base = `/assessments/${current.id}`;
  return (
    <>
      <Breadcrumbs items={[{ to: "/assessments", label: "Assessments" }, { to: base, label: supplierName }, { label: "Changes since the previous cycle" }]} />
      <PageHeader title="Changes since the previous cycle">
        <p className="lead">
          {supplierName}: this cycle ({current.templateName}, version {current.version}, issued {formatDate(current.createdAt)}{" "}
          <AssessmentStatusBadge status={current.status} />) compared with <Link to={`/assessments/${previous.id}`}>the previous cycle</Link> (version{" "}
          {previous.version}, issued {formatDate(previous.createdAt)}
          {previous.decision ? `, ${DECISION_LABELS[previous.decision].toLowerCase()}` : ""}).
        </p>
      </PageHeader>

      <p role="status">
        {summary.changed} changed, {summary.newQuestions} new {summary.newQuestions === 1 ? "question" : "questions"}, {summary.confirmed} confirmed,{" "}
        {summary.unconfirmed} not yet confirmed.
      </p>
      <nav aria-label="Groups on this page" className="cycle-groups-nav">
        <ul>
          {groups.map((g) => (
            <li key={g.change}>
              <a href={`#group-${g.change}`}>
                {GROUPS[g.change].title} ({g.rows.length})
              </a>
            </li>
          ))}
          {templateChanged ? (
            <li>
              <a href="#template-changes">Template changes</a>
            </li>
          ) : null}
        </ul>
      </nav>

      {groups.map((group) => (
        <section key={group.change} aria-labelledby={`group-${group.change}`} className={`panel cycle-group cycle-group--${group.change}`}>
          <h2 id={`group-${group.change}`}>{`${GROUPS[group.change].title} (${group.rows.length})`}</h2>
          <p className="field__hint">{GROUPS[group.change].hint}</p>
          {group.rows.length === 0 ? (
            <p className="muted">None.</p>
          ) : (
            <div className="table-wrap">
              <table className="cycle-table">
                <caption className="visually-hidden">{GROUPS[group.change].title}: the previous cycle&rsquo;s answer and this cycle&rsquo;s</caption>
                <thead>
                  <tr>
                    <th scope="col">Question</th>
                    <th scope="col">Previous cycle</th>
                    <th scope="col">This cycle</th>
                  </tr>
                </thead>
                <tbody>
                  {group.rows.map((row) => (
                    <tr key={`${row.questionKey}:${row.componentName ?? "-"}`}>
                      <th scope="row">
                        <span className="cycle-table__prompt">{row.prompt}</span>
                        <span className="cycle-table__where">
                          {row.sectionTitle} · {row.componentName ?? "the supplier"}
                        </span>
                      </th>
                      <td>
                        <AnswerCell text={row.previous} comment={row.previousComment} none={group.change === "new_question" ? "Not asked" : "No answer"} />
                      </td>
                      <td>
                        <AnswerCell text={row.current} comment={row.currentComment} none="No answer yet" />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ))}

      {templateChanged ? (
        <section aria-labelledby="template-changes" className="panel">
          <h2 id="template-changes">Template changes</h2>
          <p>
            This cycle uses version {current.version} of the template; the previous cycle used version {previous.version}.{" "}
            {added.length === 0 && removed.length === 0 ? "No question was added or removed." : null}
          </p>
          {added.length ? (
            <>
              <h3>Questions added ({added.length})</h3>
              <ul className="cycle-list">
                {added.map((q) => (
                  <li key={q.questionKey}>
                    {q.prompt} <span className="muted">({q.sectionTitle})</span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {removed.length ? (
            <>
              <h3>Questions removed ({removed.length})</h3>
              <ul className="cycle-list">
                {removed.map((q) => (
                  <li key={q.questionKey}>
                    {q.prompt} <span className="muted">({q.sectionTitle})</span>
                    {q.previousAnswers.length ? (
                      <ul>
                        {q.previousAnswers.map((a, i) => (
                          <li key={i}>
                            Previous answer{a.componentName ? ` for ${a.componentName}` : ""}: {a.text ?? "No answer"}
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}
      <p>
        <Link to={base}>Back to the assessment</Link>
      </p>
    </>
  );
}

function AnswerCell({ text, comment, none }: { text: string | null; comment: string | null; none: string }) {
  return (
    <>
      {text === null ? <span className="muted">{none}</span> : <span className="prewrap">{text}</span>}
      {comment ? <span className="cycle-table__comment prewrap">Comment: {comment}</span> : null}
    </>
  );
}
