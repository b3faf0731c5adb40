// Properties of template definitions through export and import, validation of condition
// references, and the diff. Generated templates are valid by construction: conditions refer only
// to earlier questions (supplier questions only to supplier ones) and to existing option values.
import fc from "fast-check";
import { referencedQuestions } from "~/domain/templates/conditions";
import {
  CHOICE_TYPES,
  GRADES,
  QUESTION_TYPES,
  SCORING_DOMAINS,
  optionsOf,
  type Condition,
  type Question,
  type QuestionOption,
  type QuestionType,
  type Section,
  type SectionScope,
  type TemplateDefinition,
} from "~/domain/templates/definition";
import { diffDefinitions } from "~/domain/templates/diff";
import { ALL_CONTROLS } from "~/domain/templates/frameworks";
import { definitionChecksum, validateDefinition } from "~/domain/templates/validate";
import { parseTemplateJson, toExportEnvelope } from "~/domain/templates/envelope";
import { copyNames } from "~/domain/templates/meta";

type G = fc.GeneratorValue;

const keyArb = fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/);
/** Non-empty text that zod's trim leaves as it is. */
const textArb = (maxLength: number) =>
  fc
    .string({ unit: "grapheme", minLength: 1, maxLength })
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
/** JSON has no -0, NaN or infinities. */
const numberArb = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n));
const anyNumberArb = fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n));

// fc.gen() memoises every (builder, arguments) pair it is called with and scans them on each call:
// only stable builders with few distinct arguments keep generation fast.
const anyNumber = () => anyNumberArb;
const freeValueArb = fc.oneof(fc.string({ maxLength: 20 }), anyNumberArb, fc.boolean());
const freeValue = () => freeValueArb;
const refsArb = fc.array(fc.oneof(fc.constantFrom(...ALL_CONTROLS.map((c) => c.id)), textArb(40)), { maxLength: 3 });
const refs = () => refsArb;
const typeArb = fc.constantFrom(...QUESTION_TYPES);
const domainArb = fc.constantFrom(...SCORING_DOMAINS);
const severityArb = fc.constantFrom("high" as const, "critical" as const);
const gradeArb = fc.constantFrom(...GRADES);
const scopeArb = fc.constantFrom<SectionScope>("supplier", "component");
const leafKindArb = fc.constantFrom("equals" as const, "oneOf" as const, "answered" as const);
const arb = {
  type: () => typeArb,
  domain: () => domainArb,
  severity: () => severityArb,
  grade: () => gradeArb,
  scope: () => scopeArb,
  leafKind: () => leafKindArb,
};
const uniqueKeys = (minLength: number, maxLength: number) => fc.uniqueArray(keyArb, { minLength, maxLength });
const pick = <T>(g: G, items: readonly T[]): T => items[g(fc.nat, items.length - 1)]!;

interface Placed {
  question: Question;
  scope: SectionScope;
}

function options(g: G, type: QuestionType): QuestionOption[] | undefined {
  const custom = type === "single_choice" || type === "multi_choice" || g(fc.boolean);
  if (!CHOICE_TYPES.has(type) || !custom) return undefined;
  const values = g(uniqueKeys, 2, 4);
  return values.map((value) => ({ value, label: g(textArb, 30), score: g(numberArb, 0, 1) }));
}

function conditionValue(g: G, target: Question): string | number | boolean {
  if (CHOICE_TYPES.has(target.type)) return pick(g, optionsOf(target)).value;
  return g(freeValue);
}

function leaf(g: G, target: Question): Condition {
  const kind = g(arb.leafKind);
  if (kind === "answered") return { question: target.key, answered: g(fc.boolean) };
  if (kind === "equals") return { question: target.key, equals: conditionValue(g, target) };
  const n = g(fc.integer, { min: 1, max: 3 });
  return { question: target.key, oneOf: Array.from({ length: n }, () => conditionValue(g, target)) };
}

function condition(g: G, targets: Question[], depth = 0): Condition {
  const group = depth < 2 && g(fc.integer, { min: 0, max: 3 }) === 0;
  if (group) {
    const n = g(fc.integer, { min: 1, max: 3 });
    const parts = Array.from({ length: n }, () => condition(g, targets, depth + 1));
    return g(fc.boolean) ? { all: parts } : { any: parts };
  }
  return leaf(g, pick(g, targets));
}

function question(g: G, key: string, scope: SectionScope, earlier: Placed[]): Question {
  const type = g(arb.type);
  const q: Question = {
    key,
    prompt: g(textArb, 60),
    type,
    required: g(fc.boolean),
    weight: g(numberArb, 0.001, 100),
    domain: g(arb.domain),
    allowNa: g(fc.boolean),
    refs: g(refs),
  };
  const opts = options(g, type);
  if (opts) q.options = opts;
  if (g(fc.boolean)) q.help = g(textArb, 80);
  if (type === "number") {
    if (g(fc.boolean)) q.unit = g(textArb, 10);
    if (g(fc.boolean)) {
      const [a, b] = [g(anyNumber), g(anyNumber)].sort((x, y) => x - y);
      q.min = a;
      q.max = b;
    }
  }
  // A supplier-wide question may only depend on supplier-wide ones.
  const targets = earlier.filter((p) => scope === "component" || p.scope === "supplier").map((p) => p.question);
  if (targets.length && g(fc.boolean)) q.showIf = condition(g, targets);
  if (g(fc.integer, { min: 0, max: 2 }) === 0) {
    // A knock-out may also read the question's own answer.
    const koTargets = [...targets, q];
    const n = g(fc.integer, { min: 1, max: 2 });
    q.knockouts = Array.from({ length: n }, () => ({
      when: condition(g, koTargets),
      severity: g(arb.severity),
      gradeCap: g(arb.grade),
      message: g(textArb, 50),
    }));
  }
  if (g(fc.integer, { min: 0, max: 3 }) === 0) q.evidence = { request: g(textArb, 40), requireValidUntil: g(fc.boolean) };
  return q;
}

const validDefinitionArb: fc.Arbitrary<TemplateDefinition> = fc.gen().map((g) => {
  const sectionCount = g(fc.integer, { min: 1, max: 4 });
  const sizes = Array.from({ length: sectionCount }, () => g(fc.integer, { min: 1, max: 5 }));
  const total = sizes.reduce((a, b) => a + b, 0);
  const keys = g(uniqueKeys, total, total);
  const sectionKeys = g(uniqueKeys, sectionCount, sectionCount);
  const placed: Placed[] = [];
  const sections: Section[] = sizes.map((size, s) => {
    const scope = g(arb.scope);
    const questions: Question[] = [];
    for (let i = 0; i < size; i += 1) {
      const q = question(g, keys[placed.length]!, scope, placed);
      placed.push({ question: q, scope });
      questions.push(q);
    }
    const section: Section = { key: sectionKeys[s]!, title: g(textArb, 40), scope, questions };
    if (g(fc.boolean)) section.description = g(textArb, 80);
    return section;
  });
  const definition: TemplateDefinition = { title: g(textArb, 60), sections };
  if (g(fc.boolean)) definition.description = g(textArb, 120);
  return definition;
});

const validDefinition = () => validDefinitionArb;
const allQuestions = (d: TemplateDefinition) => d.sections.flatMap((s) => s.questions);

function conditionsOf(q: Question): Array<{ condition: Condition; allowSelf: boolean }> {
  return [...(q.showIf ? [{ condition: q.showIf, allowSelf: false }] : []), ...(q.knockouts ?? []).map((k) => ({ condition: k.when, allowSelf: true }))];
}

describe("template definitions: properties", () => {
  it("the generator makes only valid templates", () => {
    fc.assert(
      fc.property(validDefinitionArb, (definition) => {
        const check = validateDefinition(definition);
        if (!check.ok) throw new Error(check.problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
      }),
      { numRuns: 300 },
    );
  });

  it("any valid template survives export and import unchanged, with the same checksum", async () => {
    await fc.assert(
      fc.asyncProperty(validDefinitionArb, textArb(200), fc.option(textArb(200), { nil: undefined }), async (definition, name, description) => {
        const envelope = toExportEnvelope(name, description, definition);
        const json = JSON.stringify(envelope);

        const roundTripped = JSON.parse(json) as typeof envelope;
        const check = validateDefinition(roundTripped.definition);
        expect(check.ok).toBe(true);
        if (!check.ok) return;
        expect(check.definition).toEqual(definition);
        expect(await definitionChecksum(check.definition)).toBe(await definitionChecksum(definition));

        const imported = parseTemplateJson(json);
        expect(imported).toMatchObject({ ok: true });
        if (!imported.ok) return;
        expect(imported.envelope).toEqual(envelope);
        expect(imported.envelope.definition).toEqual(definition);
        // Exported again, byte for byte the same file.
        expect(JSON.stringify(toExportEnvelope(imported.envelope.name, imported.envelope.description, imported.envelope.definition))).toBe(json);
      }),
      { numRuns: 200 },
    );
  });

  it("after validation succeeds, no condition refers to a later or unknown question", () => {
    // Valid templates whose conditions are then pointed at any key: earlier, later, itself or unknown.
    const rewired = fc.gen().map((g) => {
      const definition = g(validDefinition);
      const keys = allQuestions(definition).map((q) => q.key);
      // Generated keys have at most 12 characters, so these never name a question.
      const pool = [...keys, ...g(uniqueKeys, 0, 2).map((k) => `${k.padEnd(13, "_")}unknown`)];
      const retarget = (c: Condition): Condition => {
        if ("all" in c) return { all: c.all.map(retarget) };
        if ("any" in c) return { any: c.any.map(retarget) };
        const question = g(fc.boolean) ? c.question : pick(g, pool);
        return { ...c, question };
      };
      for (const q of allQuestions(definition)) {
        if (q.showIf) q.showIf = retarget(q.showIf);
        else if (g(fc.integer, { min: 0, max: 2 }) === 0) q.showIf = { question: pick(g, pool), answered: true };
        q.knockouts = q.knockouts?.map((k) => ({ ...k, when: retarget(k.when) }));
        if (!q.knockouts) delete q.knockouts;
      }
      return definition;
    });
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(rewired, (definition) => {
        const check = validateDefinition(definition);
        if (!check.ok) {
          refused += 1;
          return;
        }
        accepted += 1;
        const questions = allQuestions(check.definition);
        const index = new Map(questions.map((q, i) => [q.key, i]));
        questions.forEach((q, i) => {
          for (const { condition, allowSelf } of conditionsOf(q)) {
            for (const key of referencedQuestions(condition)) {
              const at = index.get(key);
              expect(at, `${q.key} refers to unknown ${key}`).toBeDefined();
              expect(allowSelf ? at! <= i : at! < i, `${q.key} (#${i}) refers to ${key} (#${at})`).toBe(true);
            }
          }
        });
      }),
      { numRuns: 400 },
    );
    // Both outcomes happened: the property was not vacuous.
    expect(accepted).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });

  it("a template compared with itself has no differences", () => {
    fc.assert(
      fc.property(validDefinitionArb, (definition) => {
        expect(diffDefinitions(definition, definition)).toEqual([]);
        expect(diffDefinitions(definition, JSON.parse(JSON.stringify(definition)) as TemplateDefinition)).toEqual([]);
      }),
    );
  });

  it("changing one prompt yields exactly one change: reworded", () => {
    fc.assert(
      fc.property(validDefinitionArb, fc.nat(), textArb(60), (definition, pick, prompt) => {
        const changed = structuredClone(definition);
        const questions = allQuestions(changed);
        const target = questions[pick % questions.length]!;
        fc.pre(target.prompt !== prompt);
        target.prompt = prompt;
        const changes = diffDefinitions(definition, changed);
        expect(changes).toHaveLength(1);
        expect(changes[0]).toMatchObject({ key: target.key, kind: "reworded" });
      }),
    );
  });
});

describe("template JSON import: problems with paths", () => {
  const minimal = (): TemplateDefinition => ({
    title: "T",
    sections: [
      {
        key: "s",
        title: "S",
        scope: "supplier",
        questions: [
          { key: "a", prompt: "A?", type: "yes_no", required: true, weight: 1, domain: "governance", allowNa: false, refs: [] },
          {
            key: "b",
            prompt: "B?",
            type: "yes_no",
            required: true,
            weight: 1,
            domain: "governance",
            allowNa: false,
            refs: [],
            showIf: { question: "a", equals: "yes" },
          },
        ],
      },
    ],
  });
  const envelope = (definition: unknown, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ format: "assay-template", formatVersion: 1, name: "X", definition, ...extra });

  it("accepts an exported template", () => {
    expect(parseTemplateJson(envelope(minimal()))).toMatchObject({ ok: true, envelope: { name: "X" } });
  });

  it("reports JSON syntax at the root", () => {
    const result = parseTemplateJson("{ not json");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems).toEqual([{ path: "(root)", message: expect.stringMatching(/^Not valid JSON: /) }]);
    expect(parseTemplateJson("[1, 2]")).toMatchObject({ ok: false, problems: [{ path: "(root)" }] });
    expect(parseTemplateJson("")).toMatchObject({ ok: false, problems: [{ path: "(root)" }] });
  });

  it("names each unknown field by its path, in the envelope and in the definition", () => {
    const d = minimal() as unknown as { sections: Array<{ questions: Array<Record<string, unknown>> }> };
    d.sections[0]!.questions[1]!.colour = "red";
    const result = parseTemplateJson(envelope(d, { author: "me" }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.path).sort()).toEqual(["author", "definition.sections[0].questions[1].colour"]);
  });

  it("points at a condition on a later or unknown question, and a bad condition shape", () => {
    const later = minimal();
    later.sections[0]!.questions[0]!.showIf = { question: "b", answered: true };
    expect(parseTemplateJson(envelope(later))).toMatchObject({
      ok: false,
      problems: [{ path: "definition.sections[0].questions[0].showIf", message: expect.stringContaining("later") }],
    });
    const unknown = minimal();
    unknown.sections[0]!.questions[1]!.showIf = { question: "zzz", answered: true };
    expect(parseTemplateJson(envelope(unknown))).toMatchObject({
      ok: false,
      problems: [{ path: "definition.sections[0].questions[1].showIf", message: expect.stringContaining("unknown") }],
    });
    const badShape = minimal() as unknown as { sections: Array<{ questions: Array<Record<string, unknown>> }> };
    badShape.sections[0]!.questions[1]!.showIf = { question: "Not A Key", equals: "yes" };
    expect(parseTemplateJson(envelope(badShape))).toMatchObject({ ok: false, problems: [{ path: "definition.sections[0].questions[1].showIf.question" }] });
  });

  it("refuses another format and a missing definition", () => {
    const result = parseTemplateJson(JSON.stringify({ format: "other", formatVersion: 2, name: "" }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.path).sort()).toEqual(["definition", "format", "formatVersion", "name"]);
  });

  it("names copies without stacking suffixes", () => {
    expect(copyNames("Acme").slice(0, 3)).toEqual(["Acme", "Acme (copy)", "Acme (copy 2)"]);
    expect(copyNames("Acme (copy)").slice(0, 3)).toEqual(["Acme (copy)", "Acme (copy)", "Acme (copy 2)"]);
    expect(copyNames("x".repeat(200)).every((n) => n.length <= 200)).toBe(true);
  });
});
