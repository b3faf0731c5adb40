// npx tsx scripts/bench-scoring.ts: how many assessments the scoring engine scores per second on
// one core, at the built-in template's full size (its 108 questions, 5 components: 364 answers).
// The built-in template is read, copied and given scoring rules (bands, age rules) so every rule
// runs; answers are pseudo-random with a fixed seed. Measured, never asserted.
//
//   --seconds S     how long to measure (default 5)
//   --components N  components in scope (default 5)
//   --variants N    distinct answer sets scored in turn (default 200)
import { parseArgs } from "node:util";
import { AI_SUPPLIER_DUE_DILIGENCE } from "../db/templates/ai-supplier-due-diligence";
import type { StoredAnswer } from "../app/domain/assessment-progress";
import { calendarDate, type CalendarDate } from "../app/domain/calendar";
import { DEFAULT_METHODOLOGY } from "../app/domain/scoring/methodology";
import { scoreAssessment } from "../app/domain/scoring/engine";
import type { EvidenceInput, ScoringInput } from "../app/domain/scoring/types";
import { optionsOf, type Question, type TemplateDefinition } from "../app/domain/templates/definition";

const { values } = parseArgs({
  options: { seconds: { type: "string", default: "5" }, components: { type: "string", default: "5" }, variants: { type: "string", default: "200" } },
});
const seconds = Number(values.seconds);
const componentCount = Number(values.components);
const variantCount = Number(values.variants);

/** The built-in template with number bands and date age rules added (a copy; the original is untouched). */
function scoredBuiltIn(): TemplateDefinition {
  const definition = structuredClone(AI_SUPPLIER_DUE_DILIGENCE);
  for (const section of definition.sections) {
    for (const q of section.questions) {
      if (q.type === "number")
        q.scoring = {
          bands: [
            { min: 30, score: 1 },
            { min: 7, max: 30, score: 0.5 },
            { max: 7, score: 0 },
          ],
        };
      if (q.type === "date") q.scoring = { dateRule: { maxAgeMonths: 12, staleScore: 0.25 } };
    }
  }
  return definition;
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function uuid(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
}

function answerFor(q: Question, random: () => number, evidence: EvidenceInput[]): unknown {
  const options = optionsOf(q);
  switch (q.type) {
    case "yes_no":
    case "yes_partial_no":
    case "single_choice":
      return options[Math.floor(random() * options.length)]!.value;
    case "multi_choice":
      return options.filter(() => random() < 0.5).map((o) => o.value);
    case "number":
      return Math.floor(random() * 60);
    case "date":
      return calendarDate(new Date(Date.UTC(2024, 0, 1) + Math.floor(random() * 900) * 86_400_000));
    case "file": {
      const id = uuid(evidence.length + 1);
      evidence.push({ id, validUntil: random() < 0.7 ? ("2027-06-30" as CalendarDate) : ("2025-01-31" as CalendarDate) });
      return [id];
    }
    default:
      return "Described in our documentation.";
  }
}

function syntheticInput(definition: TemplateDefinition, components: number, seed: number): ScoringInput {
  const random = rng(seed);
  const componentIds = Array.from({ length: components }, (_, i) => uuid(1_000_000 + i));
  const answers: StoredAnswer[] = [];
  const evidence: EvidenceInput[] = [];
  for (const section of definition.sections) {
    const scopes = section.scope === "supplier" ? [null] : componentIds;
    for (const componentId of scopes) {
      for (const q of section.questions) {
        const na = q.allowNa && random() < 0.1;
        answers.push({ questionKey: q.key, componentId, value: na ? null : answerFor(q, random, evidence), isNa: na });
      }
    }
  }
  return { definition, componentIds, answers, evidence, scoringDate: "2026-03-01" as CalendarDate, methodology: DEFAULT_METHODOLOGY };
}

function measure(label: string, inputs: ScoringInput[], score: (input: ScoringInput) => number) {
  for (let i = 0; i < 2000; i++) score(inputs[i % inputs.length]!); // warm up
  let scored = 0;
  let checksum = 0;
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(seconds * 1e9));
  let now = start;
  while (now < deadline) {
    for (const input of inputs) checksum += score(input);
    scored += inputs.length;
    now = process.hrtime.bigint();
  }
  const elapsed = Number(now - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const rate = (s: number) =>
    Math.round(scored / s)
      .toLocaleString("en")
      .padStart(8);
  // CPU time includes the garbage collector's helper threads; on a busy machine wall time is not ours alone.
  console.log(
    `${label.padEnd(44)} ${rate(elapsed)} assessments/s (wall clock), ${rate(cpuSeconds)} per CPU-second   [${scored.toLocaleString("en")} scored, checksum ${checksum.toFixed(1)}]`,
  );
}

function main() {
  const definition = scoredBuiltIn();
  const inputs = Array.from({ length: variantCount }, (_, i) => syntheticInput(definition, componentCount, i + 1));
  const questions = definition.sections.reduce((n, s) => n + s.questions.length, 0);
  console.log(
    `Template: ${questions} questions; ${componentCount} components; ${inputs[0]!.answers.length} answers per assessment; ${variantCount} answer sets; ${seconds} s each`,
  );
  measure("ratings, grades, flags (explanations unread)", inputs, (input) => scoreAssessment(input).vendor.overall ?? 0);
  measure("…and every explanation read", inputs, (input) => {
    const result = scoreAssessment(input);
    let lines = result.vendor.explanation.questions.length + result.supplier.explanation.questions.length;
    for (const rating of Object.values(result.components)) lines += rating.explanation.questions.length;
    return (result.vendor.overall ?? 0) + lines;
  });
}

main();
