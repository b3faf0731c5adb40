// What the model-document import shows: the preview of a kept upload and the outcome of applying
// it, shared by the vendor's import page and the staff one on a component (app/components/model-docs).
import type { PlanCounts } from "../import/preview";
import type { ImportProblem } from "../import/problems";

export interface ProposalLine {
  key: string;
  questionKey: string;
  componentId: string | null;
  componentName: string | null;
  number: string;
  prompt: string;
  proposed: string;
  source: string;
  why: string;
  model: string;
  /** new: fills an empty answer; conflict: the contact already answered differently (never overwritten); same: already answered so. */
  status: "new" | "conflict" | "same";
  current: string | null;
}

export interface ModelDocumentPreview {
  importId: string;
  fileName: string;
  format: string;
  sha256: string;
  lines: ProposalLine[];
  problems: ImportProblem[];
  more: number;
  counts: PlanCounts;
}

export type UploadOutcome = { status: "stored"; importId: string } | { status: "rejected"; httpStatus: number; message: string };

export interface ApplyOutcome {
  saved: Array<{ key: string; label: string }>;
  conflicts: Array<{ key: string; label: string }>;
  skipped: Array<{ label: string; reason: string }>;
  evidenceAttached: number;
}
