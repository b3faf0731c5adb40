// The scorecard as a PDF: cover (vendor, components, grade, dates, methodology version), the
// review's decision (rationale, who and when, valid until, conditions) and open findings, domain
// scores, knock-out flags, per-component ratings, dependent systems, then every answer as an
// appendix; page numbers on every page. The SHA-256 of each file handed out goes into the audit
// trail, so a PDF that surfaces later can be matched to the download that produced it.
import { createHash } from "node:crypto";
import { formatDate, formatDateTime } from "../domain/calendar";
import { FINDING_STATUS_LABELS, SEVERITY_LABELS } from "../domain/review/findings";
import { RISK_LEVELS } from "../domain/scoring/methodology";
import { DOMAIN_LABELS, SCORING_DOMAINS } from "../domain/templates/definition";
import { recordAudit, type Actor } from "./audit.server";
import type { AppContext } from "./context.server";
import { Flow, fmt } from "./scores-pdf-layout.server";
import { answerKey, distinctLines, getScorecard, type Scorecard } from "./scores-scorecard.server";

/** The PDF's bytes for a scored scorecard. */
export async function renderScorecardPdf(card: Scorecard, now: Date): Promise<Uint8Array<ArrayBuffer>> {
  const score = card.score!;
  const result = score.result;
  const vendor = result.vendor;
  const names = new Map(card.components.map((c) => [c.id, c.name]));
  const componentName = (id: string | null) => (id ? (names.get(id) ?? id) : "Supplier level");
  const flow = await Flow.create();

  flow.text("Assay scorecard", { size: 12, gray: 0.4 });
  flow.text(card.assessment.supplierName, { size: 26, font: "bold", gap: 6 });
  flow.text(`${card.assessment.templateName}, version ${card.assessment.templateVersion}`, { size: 12, gap: 12 });
  flow.text(`Grade ${vendor.grade ?? "—"}`, { size: 40, font: "bold", gap: 4 });
  flow.text(`Score ${fmt(vendor.overall)} of 100 · confidence ${vendor.confidence === null ? "—" : `${Math.round(vendor.confidence * 100)}%`}`, {
    size: 14,
    gap: 4,
  });
  flow.text(vendor.explanation.grade.reason, { size: 10, gap: 12 });
  flow.table(
    ["Fact", "Value"],
    [0.3, 0.7],
    [
      [
        "AI components",
        card.components.length ? card.components.map((c) => `${c.name}${c.version ? ` ${c.version}` : ""}`).join(", ") : "None: supplier level only",
      ],
      ["Decision", decisionLine(card)],
      ["Submitted", card.assessment.submittedAt ? formatDateTime(card.assessment.submittedAt) : "—"],
      ["Scoring date", formatDate(score.scoringDate)],
      ["Computed", formatDateTime(score.computedAt)],
      ["Methodology", `Version ${score.methodologyVersion}`],
      ["Vendor rule", vendor.explanation.vendor?.rule ?? "—"],
      ["Input hash (SHA-256)", score.inputHash],
      ["Printed", formatDateTime(now)],
    ],
  );

  writeReview(flow, card, componentName);

  flow.heading("Domain scores");
  const ratings = Object.entries(result.components);
  flow.table(
    ["Domain", "Vendor", ...ratings.map(([id]) => componentName(id)), "Weight"],
    [0.34, 0.12, ...ratings.map(() => 0.42 / Math.max(ratings.length, 1)), 0.12],
    SCORING_DOMAINS.map((d) => [
      DOMAIN_LABELS[d],
      fmt(vendor.domains[d]),
      ...ratings.map(([, r]) => fmt(r.domains[d])),
      fmt(result.vendor.explanation.domains[d].domainWeight, 2),
    ]),
  );

  flow.heading("Knock-out flags");
  if (vendor.flags.length === 0) flow.text("No knock-out fired.");
  for (const flag of vendor.flags) {
    const q = card.questions[flag.questionKey];
    flow.text(`${flag.severity === "critical" ? "Critical" : "High"}: ${flag.message} (caps the grade at ${flag.gradeCap})`, { font: "bold" });
    flow.text(
      `${componentName(flag.componentId)} · ${q?.prompt ?? flag.questionKey} Answer: ${card.answerTexts[answerKey(flag.componentId, flag.questionKey)] ?? "—"} (${flag.condition})`,
      { indent: 12, gap: 6 },
    );
  }

  flow.heading("Ratings per component");
  flow.table(
    ["Component", "Score", "Grade", "Flags", "Inherent risk", "Residual risk"],
    [0.34, 0.12, 0.1, 0.1, 0.17, 0.17],
    [
      ["Supplier level", fmt(result.supplier.overall), result.supplier.grade ?? "—", String(result.supplier.flags.length), "—", "—"],
      ...card.risk.components.map((c) => {
        const r = result.components[c.componentId];
        return [c.componentName, fmt(r?.overall), r?.grade ?? "—", String(r?.flags.length ?? 0), c.inherent.level, c.residual ?? "—"];
      }),
    ],
  );

  flow.heading("Dependent internal systems");
  if (card.risk.components.every((c) => c.dependencies.length === 0)) flow.text("No internal AI system in use depends on these components.");
  for (const c of card.risk.components) {
    if (c.dependencies.length === 0) continue;
    flow.text(`${c.componentName}: inherent risk ${c.inherent.level}, residual ${c.residual ?? "—"}`, { font: "bold" });
    flow.table(
      ["System", "Inherent", "Residual", "Why"],
      [0.25, 0.12, 0.12, 0.51],
      c.dependencies.map((d) => [d.systemName, d.inherent, d.residual ?? "—", d.reason]),
    );
  }
  for (const s of card.risk.systems) flow.text(s.rollup.reason);
  if (card.risk.supplier) flow.text(card.risk.supplier.reason, { gap: 8 });
  flow.text(`Residual risk matrix (methodology version ${score.methodologyVersion}): rows inherent risk, columns grade.`, { size: 9, gray: 0.3 });
  if (card.methodology) {
    const matrix = card.methodology.riskMatrix;
    flow.table(
      ["Inherent", "A", "B", "C", "D", "E"],
      [0.25, 0.15, 0.15, 0.15, 0.15, 0.15],
      RISK_LEVELS.map((level) => [level, matrix[level].A, matrix[level].B, matrix[level].C, matrix[level].D, matrix[level].E]),
    );
  }

  flow.newPage();
  flow.heading("Appendix: every answer", 16);
  flow.text("Points p in [0, 1]; contribution = 100 × weight × p / Σ weight of the domain's counted questions, in the rating shown.", { size: 9, gray: 0.3 });
  const lines = distinctLines(result).filter((l) => l.status !== "hidden");
  flow.table(
    ["Where", "Question", "Answer", "Status", "Points", "Weight", "Contrib."],
    [0.14, 0.33, 0.2, 0.1, 0.07, 0.07, 0.09],
    lines.map((l) => [
      componentName(l.componentId),
      card.questions[l.questionKey]?.prompt ?? l.questionKey,
      card.answerTexts[answerKey(l.componentId, l.questionKey)] ?? "",
      l.status.replace(/_/g, " "),
      fmt(l.points, 3),
      fmt(l.weight, 2),
      fmt(l.contribution, 2),
    ]),
  );

  flow.numberPages(`Scorecard: ${card.assessment.supplierName} · methodology v${score.methodologyVersion} · ${formatDate(score.scoringDate)}`);
  return flow.save({ title: `Scorecard: ${card.assessment.supplierName}`, author: "Assay", subject: card.assessment.templateName, createdAt: now });
}

/** "Approved with conditions, valid until 3 Jun 2027", or "Not yet decided". */
function decisionLine(card: Scorecard): string {
  const d = card.review.decision;
  if (!d) return "Not yet decided";
  const until = d.validUntil ? `, valid until ${formatDate(d.validUntil)}` : "";
  return `${d.label}${until}${d.expiredAt ? ` (expired ${formatDate(d.expiredAt)})` : ""}`;
}

/** The review's outcome: the decision with its rationale, who and when, its conditions; then the open findings. */
function writeReview(flow: Flow, card: Scorecard, componentName: (id: string | null) => string) {
  const { decision, openFindings } = card.review;
  flow.heading("Decision");
  if (!decision) {
    flow.text("Not yet decided: the review of these answers has no decision recorded.");
  } else {
    flow.text(decision.label, { size: 14, font: "bold", gap: 4 });
    flow.table(
      ["Fact", "Value"],
      [0.3, 0.7],
      [
        ["Decided by", decision.decidedByName ?? "A former user"],
        ["Decided on", formatDateTime(decision.decidedAt)],
        ["Valid until", decision.validUntil ? formatDate(decision.validUntil) : "—"],
        ...(decision.expiredAt ? [["Expired", formatDateTime(decision.expiredAt)]] : []),
        ["Rationale", decision.rationale],
      ],
    );
    if (decision.conditions.length) {
      flow.text("Conditions", { font: "bold", gap: 4 });
      flow.table(
        ["Condition", "Severity", "Due", "Status"],
        [0.52, 0.14, 0.16, 0.18],
        decision.conditions.map((c) => [c.title, SEVERITY_LABELS[c.severity], c.dueDate ? formatDate(c.dueDate) : "—", FINDING_STATUS_LABELS[c.status]]),
      );
    }
  }
  flow.heading("Open findings");
  if (openFindings.length === 0) flow.text("No open findings.");
  else {
    flow.table(
      ["Finding", "Where", "Severity", "Due", "Status"],
      [0.4, 0.2, 0.12, 0.14, 0.14],
      openFindings.map((f) => [
        f.source === "condition" ? `${f.title} (condition)` : f.title,
        componentName(f.componentId),
        SEVERITY_LABELS[f.severity],
        f.dueDate ? formatDate(f.dueDate) : "—",
        FINDING_STATUS_LABELS[f.status],
      ]),
    );
  }
}

/** The PDF and its SHA-256 (recorded in the audit trail). Null when unknown or not scored yet. */
export async function scorecardPdf(
  ctx: AppContext,
  actor: Actor,
  assessmentId: string | undefined,
  now = new Date(),
): Promise<{ bytes: Uint8Array<ArrayBuffer>; sha256: string; fileName: string } | null> {
  const card = await getScorecard(ctx.db, assessmentId, now);
  if (!card?.score) return null;
  const bytes = await renderScorecardPdf(card, now);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  await ctx.db.transaction().execute((trx) =>
    recordAudit(trx, actor, {
      action: "scorecard.pdf_export",
      entityType: "assessment",
      entityId: card.assessment.id,
      details: {
        sha256,
        bytes: bytes.length,
        scoreId: card.score!.id,
        methodologyVersion: card.score!.methodologyVersion,
        grade: card.score!.result.vendor.grade,
      },
    }),
  );
  const slug =
    card.assessment.supplierName
      .replace(/[^A-Za-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .toLowerCase() || "supplier";
  return { bytes, sha256, fileName: `scorecard-${slug}-${card.score.scoringDate}.pdf` };
}
