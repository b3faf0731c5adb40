// Recomputing a stored score from its own inputs, template version and methodology version: the
// proof that an old score is reproducible (same input hash, same result, number for number).
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { canonicalJson } from "../domain/audit";
import { notFoundError } from "../domain/errors";
import { isUuid } from "../domain/ids";
import { scoringInputHash } from "../domain/scoring/canonical";
import { scoreAssessment } from "../domain/scoring/engine";
import type { ScoringResult } from "../domain/scoring/types";
import { methodologyVersion } from "./scores-methodology.server";
import { definitionOf, plain, scoringInput, type StoredScoringInputs } from "./scores.server";

export interface Recomputation {
  scoreId: string;
  storedHash: string;
  inputHash: string;
  result: ScoringResult;
  /** Same input hash and the same result, number for number, as stored. */
  identical: boolean;
}

/** Runs the engine again on a stored score's own inputs, template version and methodology version. */
export async function recomputeScore(db: Kysely<Database>, scoreId: string): Promise<Recomputation> {
  if (!isUuid(scoreId)) throw notFoundError();
  const row = await db.selectFrom("scores").selectAll().where("id", "=", scoreId).executeTakeFirst();
  if (!row) throw notFoundError();
  const input = scoringInput(
    await definitionOf(db, row.template_version_id),
    row.inputs as StoredScoringInputs,
    await methodologyVersion(db, row.methodology_version),
  );
  const result = plain(scoreAssessment(input));
  const inputHash = await scoringInputHash(input);
  const identical = inputHash === row.input_hash && canonicalJson(result) === canonicalJson(row.result);
  return { scoreId, storedHash: row.input_hash, inputHash, result, identical };
}
