// Which framework controls a template's questions cover, shaped for the coverage page: per
// framework, each control with the questions that reference it, and refs nobody knows.
import type { TemplateDefinition } from "./definition";
import { coverage, isKnownRef, type Framework, type FrameworkControl } from "./frameworks";

export interface CoverageQuestion {
  key: string;
  prompt: string;
  section: string;
  sectionIndex: number;
}

export interface FrameworkCoverage {
  framework: Pick<Framework, "id" | "name">;
  /** Each control with its questions and, per section (in section order), how many of them are there. */
  controls: Array<{ control: FrameworkControl; questions: CoverageQuestion[]; bySection: number[] }>;
  /** Per section: how many of this framework's controls its questions cover. */
  bySection: number[];
  covered: number;
  total: number;
}

export interface DefinitionCoverage {
  sections: Array<{ key: string; title: string; questions: number }>;
  frameworks: FrameworkCoverage[];
  /** Per section: how many controls of all frameworks its questions cover. */
  bySection: number[];
  covered: number;
  total: number;
  unknownRefs: Array<{ key: string; prompt: string; ref: string }>;
}

export function definitionCoverage(definition: TemplateDefinition): DefinitionCoverage {
  const questions = definition.sections.flatMap((s, sectionIndex) =>
    s.questions.map((q) => ({ key: q.key, prompt: q.prompt, section: s.title, sectionIndex, refs: q.refs })),
  );
  const sectionCount = definition.sections.length;
  const perSection = (qs: readonly CoverageQuestion[]) => {
    const counts = new Array<number>(sectionCount).fill(0);
    for (const q of qs) counts[q.sectionIndex]! += 1;
    return counts;
  };
  const byKey = new Map(questions.map((q) => [q.key, q]));
  const frameworks: FrameworkCoverage[] = coverage(questions).map(({ framework, controls }) => {
    const rows = controls
      .map(({ control, questionKeys }) => ({
        control,
        questions: questionKeys.map((key) => {
          const q = byKey.get(key)!;
          return { key: q.key, prompt: q.prompt, section: q.section, sectionIndex: q.sectionIndex };
        }),
      }))
      .map((row) => ({ ...row, bySection: perSection(row.questions) }));
    return {
      framework: { id: framework.id, name: framework.name },
      controls: rows,
      bySection: Array.from({ length: sectionCount }, (_, i) => rows.filter((r) => r.bySection[i]! > 0).length),
      covered: rows.filter((r) => r.questions.length > 0).length,
      total: rows.length,
    };
  });
  const unknownRefs = questions.flatMap((q) => q.refs.filter((ref) => !isKnownRef(ref)).map((ref) => ({ key: q.key, prompt: q.prompt, ref })));
  return {
    sections: definition.sections.map((s) => ({ key: s.key, title: s.title, questions: s.questions.length })),
    frameworks,
    bySection: Array.from({ length: sectionCount }, (_, i) => frameworks.reduce((n, f) => n + f.bySection[i]!, 0)),
    covered: frameworks.reduce((n, f) => n + f.covered, 0),
    total: frameworks.reduce((n, f) => n + f.total, 0),
    unknownRefs,
  };
}
