// The vendor's overview of one questionnaire: due date, the buyer's message, and progress per
// section (component sections once per AI component in scope). The answering pages hang below it.
// While changes are requested, a banner says what the reviewer asked, with a link to each question.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { isOpen, isWithBuyer } from "~/domain/assessment-lifecycle";
import { formatDate, formatDateTime } from "~/domain/calendar";
import { LABELS } from "~/domain/inventory";
import { daysUntilDue } from "~/domain/reminders";
import { PROGRESS_GROWS, sectionStatus, sectionTone, type SectionTone } from "~/domain/section-status";
import { sectionHref } from "~/domain/section-page";
import { getVendorOverview } from "~/services/assessment-queries.server";
import { vendorClarifications } from "~/services/clarifications.server";
import { notFound } from "~/http/errors.server";
import { requireVendorGrant } from "~/http/vendor-guard.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: "/styles/vendor-review.css" },
  { rel: "stylesheet", href: "/styles/vendor-progress.css" },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.overview.title} for ${data.supplierName} · Assay` : "Questionnaire · Assay" },
  { name: "robots", content: "noindex" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requireVendorGrant(request, context, params.assessmentId);
  const overview = await getVendorOverview(context.app.db, access.assessment.id);
  if (!overview) throw notFound();
  const clarifications = overview.status === "changes_requested" ? await vendorClarifications(context.app.db, access.assessment.id, access.grant) : [];
  return {
    clarifications,
    assessmentId: access.assessment.id,
    overview,
    supplierName: access.assessment.supplierName,
    assignedSections: access.grant.sections,
    daysLeft: daysUntilDue(overview.dueDate, new Date()),
  };
}

function dueText(daysLeft: number): string {
  if (daysLeft > 1) return `in ${daysLeft} days`;
  if (daysLeft === 1) return "tomorrow";
  if (daysLeft === 0) return "today";
  return `${-daysLeft} day${daysLeft === -1 ? "" : "s"} ago`;
}

export default function VendorOverview() {
  const { assessmentId, overview, supplierName, assignedSections, daysLeft, clarifications } = useLoaderData<typeof loader>();
  const open = isOpen(overview.status);
  const assigned = (key: string) => !assignedSections || assignedSections.includes(key);
  const supplierSections = overview.progress.sections.filter((s) => s.componentId === null && assigned(s.sectionKey));
  return (
    <>
      <h1>
        {overview.title} <span className="vendor__for">for {supplierName}</span>
      </h1>
      {isWithBuyer(overview.status) ? (
        <p className="flash flash--ok" role="status">
          {overview.status === "resubmitted" ? "Resubmitted" : "Submitted"}
          {overview.submittedAt ? ` on ${formatDateTime(overview.submittedAt)}` : ""}. Thank you.
        </p>
      ) : overview.status === "closed" ? (
        <p className="notice" role="status">
          This questionnaire is closed and no longer takes answers.
        </p>
      ) : overview.status === "decided" || overview.status === "expired" ? (
        <p className="notice" role="status">
          This questionnaire has been reviewed and no longer takes answers.
        </p>
      ) : (
        <p className={daysLeft < 0 ? "vendor__due vendor__due--late" : "vendor__due"}>
          Due <strong>{formatDate(overview.dueDate)}</strong> ({dueText(daysLeft)}).
        </p>
      )}
      {overview.status === "changes_requested" ? (
        <section aria-labelledby="clarification-heading" className="panel review-banner">
          <h2 id="clarification-heading">
            {clarifications.length
              ? `The reviewer asked for clarification on ${clarifications.length} question${clarifications.length === 1 ? "" : "s"}`
              : "The reviewer asked for clarification"}
          </h2>
          {clarifications.length ? (
            <>
              <p>Only these questions are open again. Change or confirm each answer, then resubmit the questionnaire.</p>
              <ol className="review-asked">
                {clarifications.map((c) => (
                  <li key={c.key}>
                    <Link to={c.href}>
                      {c.number} {c.prompt}
                    </Link>{" "}
                    <span className="muted">
                      in {c.sectionTitle}
                      {c.componentName ? ` (about ${c.componentName})` : ""}
                    </span>
                    <p className="review-asked__message prewrap">{c.message}</p>
                  </li>
                ))}
              </ol>
              <p>
                <Link to={`/v/a/${assessmentId}/submit`}>Review and resubmit</Link>
              </p>
            </>
          ) : (
            <p>The questions the reviewer asked about are in sections your colleagues answer.</p>
          )}
        </section>
      ) : null}
      {overview.message ? (
        <section aria-labelledby="message-heading" className="panel">
          <h2 id="message-heading">Message{overview.issuedBy ? ` from ${overview.issuedBy}` : ""}</h2>
          <p className="prewrap">{overview.message}</p>
        </section>
      ) : null}
      {overview.description ? <p className="vendor__description">{overview.description}</p> : null}

      <section aria-labelledby="progress-heading" className="panel">
        <h2 id="progress-heading">Your progress</h2>
        <div className="progress-line">
          <label htmlFor="vendor-progress">
            {overview.progress.requiredAnswered} of {overview.progress.required} required questions answered
          </label>
          <progress
            id="vendor-progress"
            aria-describedby="vendor-progress-note"
            max={Math.max(overview.progress.required, 1)}
            value={overview.progress.required ? overview.progress.requiredAnswered : 1}
          >
            {overview.progress.percent}%
          </progress>
        </div>
        <p className="progress-note" id="vendor-progress-note">
          {PROGRESS_GROWS}
        </p>
        {open && overview.progress.complete ? <p>Every required question is answered: you can submit.</p> : null}
        <p>
          <Link to={`/v/a/${assessmentId}/submit`}>
            {overview.status === "changes_requested" ? "Review and resubmit" : open ? "Review and submit" : "Review your answers"}
          </Link>
        </p>
      </section>

      {open ? (
        <p>
          <Link to={`/v/a/${assessmentId}/import`}>Pre-fill answers from a model document (CycloneDX ML-BOM or SPDX 3)</Link>
        </p>
      ) : null}
      <section aria-labelledby="sections-heading">
        <h2 id="sections-heading">Sections</h2>
        {supplierSections.length ? (
          <>
            <h3>About {supplierName}</h3>
            <SectionList assessmentId={assessmentId} sections={supplierSections} />
          </>
        ) : null}
        {overview.components.map((c) => {
          const sections = overview.progress.sections.filter((s) => s.componentId === c.id && assigned(s.sectionKey));
          if (!sections.length) return null;
          return (
            <div key={c.id}>
              <h3>
                About {c.name}
                {c.version ? ` ${c.version}` : ""} <span className="muted">({LABELS.componentKind[c.kind]})</span>
              </h3>
              <SectionList assessmentId={assessmentId} sections={sections} />
            </div>
          );
        })}
      </section>
    </>
  );
}

const TONE_CLASS: Record<SectionTone, string> = {
  done: "vendor-sections__item vendor-sections__item--done",
  not_needed: "vendor-sections__item vendor-sections__item--not-needed",
  open: "vendor-sections__item",
};

function SectionList({
  assessmentId,
  sections,
}: {
  assessmentId: string;
  sections: Array<{
    sectionKey: string;
    componentId: string | null;
    title: string;
    required: number;
    requiredAnswered: number;
    needed: boolean;
    complete: boolean;
  }>;
}) {
  return (
    <ul className="vendor-sections">
      {sections.map((s) => (
        <li key={s.sectionKey} className={TONE_CLASS[sectionTone(s)]}>
          <Link className="vendor-sections__title" to={sectionHref(assessmentId, s.sectionKey, s.componentId)}>
            {s.title}
          </Link>
          <span className="vendor-sections__count">{sectionStatus(s)}</span>
        </li>
      ))}
    </ul>
  );
}
