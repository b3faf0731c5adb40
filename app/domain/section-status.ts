// A section's progress in words for the vendor: a section none of whose questions shows given the
// answers so far is "not needed" (greyed), never "complete"; it may become needed when an answer
// elsewhere opens one of its questions. One whose visible questions are all optional says so.
export interface SectionCounts {
  needed: boolean;
  complete: boolean;
  required: number;
  requiredAnswered: number;
}

/** Why the required total can change: conditions show follow-up questions as answers come in. */
export const PROGRESS_GROWS = "Follow-up questions appear depending on your answers, so the total can grow as you answer.";

export const NOT_NEEDED = "Not needed for your answers so far";

export const OPTIONAL_ONLY = "Optional questions only";

export function sectionStatus(s: SectionCounts): string {
  if (!s.needed) return NOT_NEEDED;
  // Never "0 of 0 required answered · complete": nothing here is required.
  if (s.required === 0) return OPTIONAL_ONLY;
  const counted = `${s.requiredAnswered} of ${s.required} required answered`;
  return s.complete ? `${counted} · complete` : counted;
}

export type SectionTone = "done" | "not_needed" | "open";

/** How the section's row looks: done (green), not needed (grey) or still open. */
export function sectionTone(s: SectionCounts): SectionTone {
  if (!s.needed) return "not_needed";
  if (s.required === 0) return "open";
  return s.complete ? "done" : "open";
}
