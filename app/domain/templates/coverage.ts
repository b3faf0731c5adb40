// Which framework controls a template's questions cover, shaped for the coverage page: per
// framework, each control with the questions that reference it, and refs nobody knows.
import type { TemplateDefinition } from "./definition";
import { coverage, isKnownRef, type Framework, type FrameworkControl } from "./frameworks";

export interface CoverageQuestion {
  key: string;
  prompt: string;
  section: string;
}

export interface FrameworkCoverage {
  framework: Pick<Framework, "id" | "name">;
  controls: Array<{ control: FrameworkControl; questions: CoverageQuestion[] }>;
  covered: number;
  total: number;
}

export interface DefinitionCoverage {
  frameworks: FrameworkCoverage[];
  covered: number;
  total: number;
  unknownRefs: Array<{ key: string; ref: string }>;
}

export function definitionCoverage(definition: TemplateDefinition): DefinitionCoverage {
  const questions = definition.sections.flatMap((s) => s.questions.map((q) => ({ key: q.key, prompt: q.prompt, section: s.title, refs: q.refs })));
  const byKey = new Map(questions.map((q) => [q.key, q]));
  const frameworks: FrameworkCoverage[] = coverage(questions).map(({ framework, controls }) => {
    const rows = controls.map(({ control, questionKeys }) => ({
      control,
      questions: questionKeys.map((key) => {
        const q = byKey.get(key)!;
        return { key: q.key, prompt: q.prompt, section: q.section };
      }),
    }));
    return {
      framework: { id: framework.id, name: framework.name },
      controls: rows,
      covered: rows.filter((r) => r.questions.length > 0).length,
      total: rows.length,
    };
  });
  const unknownRefs = questions.flatMap((q) => q.refs.filter((ref) => !isKnownRef(ref)).map((ref) => ({ key: q.key, ref })));
  return {
    frameworks,
    covered: frameworks.reduce((n, f) => n + f.covered, 0),
    total: frameworks.reduce((n, f) => n + f.total, 0),
    unknownRefs,
  };
}
