// Model facts + a mapping + an assessment's questions → proposed answers, each with the document
// fields it came from. Pure. Models are matched to the assessment's AI components by name (and
// version, when both give one); a model naming no component in scope is reported, and the others
// still propose. A proposal is made only where the question is in the assessment, in a section the
// contact may answer, and the value passes the question's own answer schema.
import { answerValueSchema, LONG_TEXT_MAX, SHORT_TEXT_MAX, findQuestion } from "../answers";
import type { ImportProblem } from "../import/problems";
import type { TemplateDefinition } from "../templates/definition";
import { modelFactTexts, type ModelFacts } from "./facts";
import type { MappingRule, ModelDocumentMapping } from "./mapping";

export interface ScopeComponent {
  id: string;
  name: string;
  version: string | null;
}

export interface Proposal {
  questionKey: string;
  /** Null for a supplier-scope question. */
  componentId: string | null;
  value: unknown;
  /** The document fields it came from, comma-separated paths. */
  source: string;
  /** The model it came from (name and version), for the preview. */
  model: string;
  why: string;
}

export interface ModelMatch {
  model: ModelFacts;
  componentId: string;
}

export interface ProposalResult {
  proposals: Proposal[];
  matches: ModelMatch[];
  /** Models that name no AI component of the assessment, and other notes about the document. */
  problems: ImportProblem[];
}

const norm = (s: string) => s.normalize("NFKC").replace(/\s+/g, " ").trim().toLowerCase();

/** Whether a document's model is this AI component: same name (or "name version"), and the same version when both give one. */
export function modelMatchesComponent(model: Pick<ModelFacts, "name" | "version">, component: ScopeComponent): boolean {
  const name = norm(component.name);
  const version = model.version ? norm(model.version.value) : null;
  const names = [norm(model.name), ...(version ? [norm(`${model.name} ${model.version!.value}`)] : [])];
  if (!names.includes(name)) return false;
  if (name === names[1]) return true;
  return version === null || component.version === null || norm(component.version) === version;
}

export function modelLabel(model: Pick<ModelFacts, "name" | "version">): string {
  return model.version ? `${model.name} ${model.version.value}` : model.name;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** The value one rule proposes for one model, before the question's schema checks it; null: the document says nothing. */
function ruleValue(rule: MappingRule, model: ModelFacts, questionType: string): { value: unknown; paths: string[] } | null {
  const facts = modelFactTexts(model);
  const used = rule.facts.map((key) => facts[key]).filter((f) => f.lines.length > 0);
  if (used.length === 0) return null;
  const paths = [...new Set(used.flatMap((f) => f.paths))];
  const t = rule.transform;
  switch (t.kind) {
    case "text": {
      const lines = used.flatMap((f) => f.lines);
      if (questionType === "short_text") return { value: truncate(lines.join("; "), SHORT_TEXT_MAX), paths };
      return { value: truncate(lines.join("\n"), LONG_TEXT_MAX), paths };
    }
    case "choice":
      return { value: questionType === "multi_choice" ? [t.value] : t.value, paths };
    case "coverage": {
      const count = used[0]!.lines.length;
      return { value: count >= t.of ? t.all : t.some, paths };
    }
  }
}

export interface ProposeInput {
  models: readonly ModelFacts[];
  mapping: ModelDocumentMapping;
  definition: TemplateDefinition;
  components: readonly ScopeComponent[];
  /** Whether the contact may answer questions of this section. */
  sectionAllowed: (sectionKey: string) => boolean;
}

export function proposeAnswers(input: ProposeInput): ProposalResult {
  const problems: ImportProblem[] = [];
  const matches: ModelMatch[] = [];
  const taken = new Map<string, ModelFacts>();
  input.models.forEach((model, index) => {
    const component = input.components.find((c) => modelMatchesComponent(model, c));
    const row = index + 1;
    if (!component) {
      const names = input.components.map((c) => `“${c.version ? `${c.name} ${c.version}` : c.name}”`).join(", ");
      problems.push({
        row,
        column: `${model.path}.name`,
        message: `The document describes the model “${modelLabel(model)}”, which is not an AI component of this questionnaire${names ? ` (its components: ${names})` : ""}: nothing is proposed from it.`,
      });
      return;
    }
    const earlier = taken.get(component.id);
    if (earlier) {
      problems.push({
        row,
        column: `${model.path}.name`,
        message: `The model “${modelLabel(model)}” is the same component as “${modelLabel(earlier)}” earlier in the document: only the first is used.`,
      });
      return;
    }
    taken.set(component.id, model);
    matches.push({ model, componentId: component.id });
  });

  const proposals: Proposal[] = [];
  const seen = new Set<string>();
  for (const { model, componentId } of matches) {
    for (const rule of input.mapping.rules) {
      const found = findQuestion(input.definition, rule.question);
      if (!found || !input.sectionAllowed(found.section.key)) continue;
      const scopeId = found.section.scope === "component" ? componentId : null;
      const key = `${rule.question}|${scopeId ?? ""}`;
      if (seen.has(key)) continue;
      const proposed = ruleValue(rule, model, found.question.type);
      if (!proposed) continue;
      const parsed = answerValueSchema(found.question).safeParse(proposed.value);
      if (!parsed.success) continue;
      seen.add(key);
      proposals.push({
        questionKey: rule.question,
        componentId: scopeId,
        value: parsed.data,
        source: proposed.paths.join(", "),
        model: modelLabel(model),
        why: rule.why,
      });
    }
  }
  return { proposals, matches, problems };
}
