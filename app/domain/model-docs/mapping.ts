// The shape of a model-document mapping: which facts of a model document propose the answer to
// which question, and how. The mapping itself is data beside the built-in template
// (db/templates/model-document-mapping.ts); a custom template gets the rules whose question keys it
// has, and only where the proposed value is a valid answer to its question.
import type { ModelFactKey } from "./facts";

export type ProposalTransform =
  /** The facts' lines as the answer text (a short-text question gets them on one line). */
  | { kind: "text" }
  /** When any of the facts is present, this option. */
  | { kind: "choice"; value: string }
  /** By how many of `of` parts the (one) fact lists: all → `all`, some → `some`. */
  | { kind: "coverage"; of: number; all: string; some: string };

export interface MappingRule {
  question: string;
  facts: readonly ModelFactKey[];
  transform: ProposalTransform;
  /** Why the document's fields support this answer, shown beside the proposal. */
  why: string;
}

export interface ModelDocumentMapping {
  rules: readonly MappingRule[];
  /** The file question the document is attached to as evidence, per matched component; null: none. */
  evidenceQuestion: string | null;
}
