// The scorecard as CSV: every question line of every rating (supplier level, then each component)
// with its answer, points, weight, share and contribution, so an auditor can redo the sums in a
// spreadsheet. Hidden questions are left out (they do not take part); text is formula-escaped.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { recordsToCsv } from "../domain/import/csv-format";
import { DOMAIN_LABELS } from "../domain/templates/definition";
import { answerKey, getScorecard } from "./scores-scorecard.server";

export const SCORECARD_CSV_COLUMNS = [
  "rating",
  "component",
  "section",
  "question_key",
  "question",
  "domain",
  "answer",
  "status",
  "points",
  "weight",
  "share",
  "contribution",
  "evidence_valid",
  "reason",
] as const;

/** Null when the assessment is unknown or not scored yet. */
export async function scorecardCsv(db: Kysely<Database>, assessmentId: string | undefined): Promise<{ csv: string; fileName: string; rows: number } | null> {
  const card = await getScorecard(db, assessmentId);
  if (!card?.score) return null;
  const names = new Map(card.components.map((c) => [c.id, c.name]));
  const result = card.score.result;
  const ratings = [
    { label: "Supplier level", rating: result.supplier },
    ...Object.entries(result.components).map(([id, rating]) => ({ label: names.get(id) ?? id, rating })),
  ];
  const records = ratings.flatMap(({ label, rating }) =>
    rating.explanation.questions
      .filter((line) => line.status !== "hidden")
      .map((line) => ({
        rating: label,
        component: line.componentId ? (names.get(line.componentId) ?? line.componentId) : "",
        section: card.questions[line.questionKey]?.section ?? "",
        question_key: line.questionKey,
        question: card.questions[line.questionKey]?.prompt ?? "",
        domain: DOMAIN_LABELS[line.domain],
        answer: card.answerTexts[answerKey(line.componentId, line.questionKey)] ?? "",
        status: line.status,
        points: line.points,
        weight: line.weight,
        share: line.share,
        contribution: line.contribution,
        evidence_valid: line.evidenceValid,
        reason: line.reason,
      })),
  );
  const slug =
    card.assessment.supplierName
      .replace(/[^A-Za-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .toLowerCase() || "supplier";
  return {
    csv: recordsToCsv(SCORECARD_CSV_COLUMNS, records, { header: true }),
    fileName: `scorecard-${slug}-${card.score.scoringDate}.csv`,
    rows: records.length,
  };
}
