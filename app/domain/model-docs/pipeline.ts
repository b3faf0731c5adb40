// Model documents on the import pipeline (app/domain/import/): the document's proposals are the
// reader's rows (one per proposed answer, with its source field), each row is checked with the one
// answer check, and planImport compares them with the stored answers: "create" fills an empty
// answer, "update" is a conflict with an answer the contact already gave (never written),
// "unchanged" is already answered the same way.
import { checkAnswer } from "../answers";
import type { ImportAdapter, ImportWorld } from "../import/adapter";
import { emptyWorld } from "../import/adapter";
import type { ImportProblem } from "../import/problems";
import type { CheckedRow, SourceLayout, SourceRow } from "../import/source";
import type { ScopeAnswer } from "../question-visibility";
import type { TemplateDefinition } from "../templates/definition";
import type { Proposal } from "./propose";

export const PROPOSAL_COLUMNS = ["question_key", "component_id", "value", "source", "model", "why"] as const;

export const MODEL_DOCUMENT_LAYOUT: SourceLayout = { columns: PROPOSAL_COLUMNS, noun: "model document", others: [], maxRows: 5000 };

export interface ProposalRecord {
  question_key: string;
  component_id: string | null;
  value: unknown;
  source: string;
  model: string;
  why: string;
}

/** A proposal as the reader's row: text cells, the value as JSON. */
export function proposalRow(proposal: Proposal, row: number): SourceRow {
  return {
    row,
    cells: {
      question_key: proposal.questionKey,
      component_id: proposal.componentId ?? "",
      value: JSON.stringify(proposal.value),
      source: proposal.source,
      model: proposal.model,
      why: proposal.why,
    },
  };
}

export const answerKey = (questionKey: string, componentId: string | null) => `${questionKey}|${componentId ?? ""}`;

/** A stored answer, as the plan compares it. Empty answers (cleared, no value, not N/A) are left out: a proposal may fill them. */
export interface StoredAnswerRow {
  questionKey: string;
  componentId: string | null;
  value: unknown;
  isNa: boolean;
  revision: number;
}

export const isEmptyAnswer = (a: { value: unknown; isNa: boolean }) =>
  !a.isNa && (a.value === null || a.value === undefined || a.value === "" || (Array.isArray(a.value) && a.value.length === 0));

/**
 * The row check: the value must be a valid answer to the question, in its scope, and the question
 * must apply given the answers already stored plus the document's earlier proposals (a follow-up
 * question proposed with the answer that opens it is kept).
 */
export function proposalValidator(definition: TemplateDefinition, stored: readonly StoredAnswerRow[]): (source: SourceRow) => CheckedRow<ProposalRecord> {
  const effective = new Map<string, ScopeAnswer>();
  for (const a of stored) effective.set(answerKey(a.questionKey, a.componentId), { value: a.value, isNa: a.isNa });
  const inScope = (componentId: string | null) => {
    const out: Record<string, ScopeAnswer> = {};
    for (const [key, answer] of effective) {
      const [q, c] = key.split("|") as [string, string];
      if (c === "" || c === (componentId ?? "")) out[q] = answer;
    }
    return out;
  };
  return (source) => {
    const c = source.cells;
    const componentId = c.component_id ? c.component_id : null;
    const problem = (message: string): CheckedRow<ProposalRecord> => ({
      record: null,
      problems: [{ row: source.row, column: c.source ?? null, message } satisfies ImportProblem],
    });
    let value: unknown;
    try {
      value = JSON.parse(c.value ?? "null");
    } catch {
      return problem("The proposed value could not be read.");
    }
    const key = answerKey(c.question_key ?? "", componentId);
    const stored = effective.get(key);
    // An answer already given is compared by the plan (a conflict), not re-checked here.
    if (stored && !isEmptyAnswer(stored)) {
      return { record: { question_key: c.question_key!, component_id: componentId, value, source: c.source!, model: c.model!, why: c.why! }, problems: [] };
    }
    const check = checkAnswer(definition, componentId === null ? "supplier" : "component", c.question_key ?? "", value, false, inScope(componentId));
    if (!check.ok) {
      // A follow-up the other answers do not open is simply not proposed.
      if (check.code === "hidden") return { record: null, problems: [] };
      return problem(`${check.message}.`);
    }
    effective.set(key, { value: check.value, isNa: false });
    return {
      record: { question_key: c.question_key!, component_id: componentId, value: check.value, source: c.source!, model: c.model!, why: c.why! },
      problems: [],
    };
  };
}

/** The stored answers as the plan's world, by question and component. */
export function answersWorld(stored: readonly StoredAnswerRow[]): ImportWorld<ProposalRecord> {
  const world = emptyWorld<ProposalRecord>();
  for (const a of stored) {
    if (isEmptyAnswer(a)) continue;
    const key = answerKey(a.questionKey, a.componentId);
    world.existing.set(key, {
      id: key,
      hasExternalId: true,
      archived: false,
      record: { question_key: a.questionKey, component_id: a.componentId, value: a.isNa ? "N/A" : a.value, source: "", model: "", why: "" },
      refs: {},
    });
  }
  return world;
}

/** Proposed answers as an import kind: keyed by question and component; only the value is compared. */
export const proposalAdapter: ImportAdapter<ProposalRecord> = {
  columns: PROPOSAL_COLUMNS,
  compared: ["value"],
  singular: "answer",
  validate: () => ({ record: null, problems: [{ row: null, column: null, message: "Use proposalValidator" }] }),
  key: (r) => answerKey(r.question_key, r.component_id),
  label: (r) => r.question_key,
  keyColumn: "question_key",
  duplicateMessage: (_key, firstRow) => `This question is already proposed in row ${firstRow}`,
  references: [],
  people: [],
  uniques: () => [],
  authorize: () => null,
};
