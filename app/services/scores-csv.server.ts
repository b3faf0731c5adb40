// The scorecard as CSV: every question line of every rating (supplier level, then each component)
// with its answer, points, weight, share and contribution, so an auditor can redo the sums in a
// spreadsheet. Hidden questions are left out (they do not take part); text is formula-escaped.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { recordsToCsv } from "../domain/import/csv-format";
import { DOMAIN_LABELS } from "../domain/templates/definition";
import { answerKey, getScorecard, type Scorecard } from "./scores-scorecard.server";

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

export type ScorecardRecord = {
  rating: string;
  component: string;
  section: string;
  question_key: string;
  question: string;
  domain: string;
  answer: string;
  status: string;
  points: number | null;
  weight: number;
  share: number | null;
  contribution: number | null;
  evidence_valid: boolean;
  reason: string;
};

/** The export's rows (CSV and XLSX share them): every visible question line of every rating. Null when unknown or not scored yet. */
export async function scorecardRecords(
  db: Kysely<Database>,
  assessmentId: string | undefined,
): Promise<{ card: Scorecard & { score: NonNullable<Scorecard["score"]> }; records: ScorecardRecord[]; slug: string } | null> {
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
  return { card: card as Scorecard & { score: NonNullable<Scorecard["score"]> }, records, slug };
}

/** Null when the assessment is unknown or not scored yet. */
export async function scorecardCsv(db: Kysely<Database>, assessmentId: string | undefined): Promise<{ csv: string; fileName: string; rows: number } | null> {
  const built = await scorecardRecords(db, assessmentId);
  if (!built) return null;
  return {
    csv: recordsToCsv(SCORECARD_CSV_COLUMNS, built.records, { header: true }),
    fileName: `scorecard-${built.slug}-${built.card.score.scoringDate}.csv`,
    rows: built.records.length,
  };
}
