// /assessments/:id/scorecard: the latest score of a submitted assessment, every number traceable
// to the answers behind it (staff only; vendors never see scores, grades or flags).
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Breadcrumbs, FormError } from "~/components/form-parts";
import { EmptyState, PageHeader } from "~/components/list";
import { GradeBadge } from "~/components/scorecard/badges";
import { DomainChart } from "~/components/scorecard/domain-chart";
import { RatingExplanationView } from "~/components/scorecard/explanation";
import { domainAnchor, percent, score } from "~/components/scorecard/format";
import { ReviewOutcome } from "~/components/scorecard/review-outcome";
import { ComponentRatings, DependentSystems, EvidenceStatus, KnockoutFlags, WeakestAnswers } from "~/components/scorecard/sections";
import { isOpen, type AssessmentStatus } from "~/domain/assessment-lifecycle";
import { formatDate, formatDateTime } from "~/domain/calendar";
import { can } from "~/domain/permissions";
import { answerKey } from "~/domain/scoring/answer-key";
import type { Rating } from "~/domain/scoring/types";
import { DOMAIN_LABELS, SCORING_DOMAINS, type ScoringDomain } from "~/domain/templates/definition";
import { notFound } from "~/http/errors.server";
import { handleCommand } from "~/http/form-action.server";
import { requireUserWithPermission } from "~/http/guard.server";
import { userActor } from "~/services/audit.server";
import { getScorecard } from "~/services/scores-scorecard.server";
import { scoreNow } from "~/services/scores.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Scorecard: ${data.assessment.supplierName} · Assay` : "Scorecard · Assay" }];

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: "/styles/assessments.css" },
  { rel: "stylesheet", href: "/styles/scorecard.css" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "assessment:read");
  const card = await getScorecard(context.app.db, params.assessmentId);
  if (!card) throw notFound();
  return { ...card, canManage: can(user, "assessment:manage"), canRaiseFinding: can(user, "finding:write") };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "assessment:manage");
  const form = await request.formData();
  if (form.get("intent") !== "score") throw notFound();
  return handleCommand(async () => {
    await scoreNow(context.app, userActor(user), params.assessmentId ?? "");
    throw redirect(`/assessments/${params.assessmentId}/scorecard?scored=1`);
  });
}

const REASONS: Record<string, string> = { submit: "on submit", on_demand: "on request", rescore: "by a rescore after a methodology change" };

export default function ScorecardPage() {
  const card = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { assessment, components } = card;
  const names = new Map(components.map((c) => [c.id, c.name]));
  const nameOf = (id: string | null) => (id ? (names.get(id) ?? "Component") : "Supplier level");
  const reopened = isOpen(assessment.status as AssessmentStatus);
  const scoreButton = card.canManage && assessment.submittedAt && !reopened && (
    <Form method="post">
      <input type="hidden" name="intent" value="score" />
      <button type="submit" className="button button--quiet">
        {card.score ? "Score again now" : "Score now"}
      </button>
    </Form>
  );
  const header = (
    <>
      <Breadcrumbs
        items={[{ to: "/assessments", label: "Assessments" }, { to: `/assessments/${assessment.id}`, label: assessment.supplierName }, { label: "Scorecard" }]}
      />
      <FormError message={failure?.fieldErrors.form} />
    </>
  );
  if (!card.score) {
    return (
      <>
        {header}
        <PageHeader title={`Scorecard: ${assessment.supplierName}`} actions={scoreButton || null} />
        <EmptyState title="Not scored yet.">
          <p>
            {assessment.submittedAt
              ? "This questionnaire was submitted but has no score yet: score it now."
              : "The vendor has not submitted this questionnaire yet. It is scored when they submit."}
          </p>
          <p>
            <Link to={`/assessments/${assessment.id}`}>Back to the assessment</Link>
          </p>
        </EmptyState>
      </>
    );
  }
  const { result } = card.score;
  const vendor = result.vendor as Rating;
  const supplier = result.supplier as Rating;
  const ratings = result.components as Record<string, Rating>;
  const answerOf = (l: { componentId: string | null; questionKey: string }) => card.answerTexts[answerKey(l.componentId, l.questionKey)] ?? "—";
  /** The rating a vendor domain score comes from (the weakest component in it, or the supplier level). */
  const domainSource = (domain: ScoringDomain): string | null => {
    const entry = Object.entries(ratings).find(([, r]) => r.domains[domain] === vendor.domains[domain]);
    return entry ? entry[0] : null;
  };
  const thresholds = card.methodology!.thresholds;
  const rollups = [...card.risk.systems.map((s) => s.rollup.reason), ...(card.risk.supplier ? [card.risk.supplier.reason] : [])];
  return (
    <>
      {header}
      <PageHeader
        title={`Scorecard: ${assessment.supplierName}`}
        actions={
          <>
            <a className="button" href={`/assessments/${assessment.id}/scorecard.pdf`}>
              Download PDF
            </a>
            <a className="button button--quiet" href={`/assessments/${assessment.id}/scorecard.csv`}>
              Answers as CSV
            </a>
            <a className="button button--quiet" href={`/assessments/${assessment.id}/scorecard.xlsx`}>
              Answers as Excel
            </a>
            <a className="button button--quiet" href={`/assessments/${assessment.id}/oscal.json`}>
              Export OSCAL
            </a>
            {scoreButton}
            {card.canRaiseFinding ? (
              <Link className="button button--quiet" to={`/assessments/${assessment.id}/findings/new?from=scorecard`}>
                Raise a finding
              </Link>
            ) : null}
          </>
        }
      >
        <p className="lead">
          {assessment.templateName}, version {assessment.templateVersion}. Scored {REASONS[card.score.reason] ?? ""} on {formatDateTime(card.score.computedAt)},
          as of {formatDate(card.score.scoringDate)}, with methodology version {card.score.methodologyVersion}.
        </p>
      </PageHeader>
      {reopened ? (
        <p className="flash" role="status">
          Reopened for changes: this is the score of the last submit; it is scored again when the vendor resubmits.
        </p>
      ) : null}
      {params.get("scored") ? (
        <p className="flash flash--ok" role="status">
          Scored again with the current answers, evidence and methodology.
        </p>
      ) : null}

      <section aria-labelledby="summary-heading" className="panel scorecard-summary">
        <h2 id="summary-heading">Overall</h2>
        <p className="scorecard-summary__grade">
          <GradeBadge grade={vendor.grade} />{" "}
          <a href="#grade">
            Score <strong>{score(vendor.overall)}</strong> of 100
          </a>
        </p>
        <p>
          Confidence {percent(vendor.confidence)}: the share of scored answers backed by evidence valid on the scoring date. {vendor.flags.length} knock-out
          {vendor.flags.length === 1 ? "" : "s"} fired.
        </p>
        <p className="muted">Input hash {card.score.inputHash}</p>
      </section>

      <section aria-labelledby="decision-heading" className="panel">
        <h2 id="decision-heading">Decision</h2>
        <ReviewOutcome assessmentId={assessment.id} decision={card.review.decision} openFindings={card.review.openFindings} />
      </section>

      <section aria-labelledby="domains-heading" className="panel">
        <h2 id="domains-heading">Domains</h2>
        <DomainChart
          title="Vendor score per domain (0–100); lines mark the grade thresholds"
          thresholds={thresholds}
          bars={SCORING_DOMAINS.map((domain) => ({ domain, value: vendor.domains[domain], href: `#${domainAnchor(domainSource(domain), domain)}` }))}
        />
        <div className="table-wrap">
          <table>
            <caption>Domain scores as a table</caption>
            <thead>
              <tr>
                <th scope="col">Domain</th>
                <th scope="col">Vendor</th>
                <th scope="col">Supplier level</th>
                {Object.keys(ratings).map((id) => (
                  <th scope="col" key={id}>
                    {nameOf(id)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {SCORING_DOMAINS.map((domain) => (
                <tr key={domain}>
                  <th scope="row">{DOMAIN_LABELS[domain]}</th>
                  <td>
                    <a href={`#${domainAnchor(domainSource(domain), domain)}`}>{score(vendor.domains[domain])}</a>
                  </td>
                  <td>
                    <a href={`#${domainAnchor(null, domain)}`}>{score(supplier.domains[domain])}</a>
                  </td>
                  {Object.entries(ratings).map(([id, r]) => (
                    <td key={id}>
                      <a href={`#${domainAnchor(id, domain)}`}>{score(r.domains[domain])}</a>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="ratings-heading" className="panel">
        <h2 id="ratings-heading">Ratings</h2>
        <ComponentRatings supplier={supplier} components={ratings} risk={card.risk.components} nameOf={nameOf} />
      </section>

      <section aria-labelledby="flags-heading" className="panel">
        <h2 id="flags-heading">Knock-out flags</h2>
        <KnockoutFlags flags={vendor.flags} prompts={card.questions} answerOf={answerOf} nameOf={nameOf} />
      </section>

      <section aria-labelledby="weakest-heading" className="panel">
        <h2 id="weakest-heading">Weakest answers</h2>
        <WeakestAnswers lines={card.weakest} prompts={card.questions} answerOf={answerOf} nameOf={nameOf} />
      </section>

      <section aria-labelledby="evidence-heading" className="panel">
        <h2 id="evidence-heading">Evidence</h2>
        <EvidenceStatus assessmentId={assessment.id} evidence={card.evidence} prompts={card.questions} nameOf={nameOf} />
      </section>

      <section aria-labelledby="systems-heading" className="panel">
        <h2 id="systems-heading">Dependent internal systems</h2>
        <DependentSystems components={card.risk.components} rollups={rollups} />
      </section>

      <section aria-labelledby="how-heading" className="panel">
        <h2 id="how-heading">How each number was worked out</h2>
        <div id="grade">
          <h3>The grade</h3>
          <p>{vendor.explanation.grade.reason}.</p>
          {vendor.explanation.vendor ? <p>{vendor.explanation.vendor.rule}</p> : null}
          <p>
            Thresholds (methodology version {card.score.methodologyVersion}): A ≥ {thresholds.A}, B ≥ {thresholds.B}, C ≥ {thresholds.C}, D ≥ {thresholds.D},
            else E. Knock-outs cap the grade.
          </p>
        </div>
        <RatingExplanationView title="Supplier-level answers" rating={supplier} questions={card.questions} answerTexts={card.answerTexts} keyOf={answerKey} />
        {Object.entries(ratings).map(([id, rating]) => (
          <RatingExplanationView key={id} title={nameOf(id)} rating={rating} questions={card.questions} answerTexts={card.answerTexts} keyOf={answerKey} />
        ))}
      </section>
    </>
  );
}
