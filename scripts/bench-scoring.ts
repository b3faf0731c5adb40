// npx tsx scripts/bench-scoring.ts: how many assessments the scoring engine scores per second on
// one core, at the built-in template's full size: every one of its questions (118 today) for the
// supplier and 5 components, with the template's own rules (weights, option scores, number bands,
// date age rules, knock-outs). Answers are pseudo-random with a fixed seed, so every rule and
// knock-out fires in some of them; the demo seed's three profiles are measured too. `npm run bench`
// runs it as well (benchScoring below). Measured, never asserted.
//
//   --seconds S     how long to measure each line (default 5)
//   --components N  components in scope (default 5)
//   --variants N    distinct answer sets scored in turn (default 200)
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { AI_SUPPLIER_DUE_DILIGENCE } from "../db/templates/ai-supplier-due-diligence";
import { answersFor, DEMO_PROFILES, evidenceFor } from "../db/templates/demo-answers";
import type { StoredAnswer } from "../app/domain/assessment-progress";
import { calendarDate, type CalendarDate } from "../app/domain/calendar";
import { DEFAULT_METHODOLOGY } from "../app/domain/scoring/methodology";
import { scoreAssessment } from "../app/domain/scoring/engine";
import type { EvidenceInput, ScoringInput } from "../app/domain/scoring/types";
import { optionsOf, type Question, type TemplateDefinition } from "../app/domain/templates/definition";

const SCORING_DATE = "2026-03-01" as CalendarDate;

export interface ScoringBenchOptions {
  seconds: number;
  components: number;
  variants: number;
}

export interface ScoringMeasurement {
  label: string;
  scored: number;
  /** Assessments per second of wall-clock time (on a busy machine, not all of it was ours). */
  perSecond: number;
  /** Assessments per second of this process's CPU time (garbage-collector threads included). */
  perCpuSecond: number;
}

export interface ScoringBenchResult {
  questions: number;
  components: number;
  answersPerAssessment: number;
  variants: number;
  seconds: number;
  measurements: ScoringMeasurement[];
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
    case "number": {
      // Within the question's own limits, so the bands decide (not the range check).
      const lo = q.min ?? 0;
      const hi = q.max ?? 365;
      return lo + Math.floor(random() * (hi - lo + 1));
    }
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
  return { definition, componentIds, answers, evidence, scoringDate: SCORING_DATE, methodology: DEFAULT_METHODOLOGY };
}

function measure(label: string, seconds: number, inputs: ScoringInput[], score: (input: ScoringInput) => number): ScoringMeasurement {
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
  if (!Number.isFinite(checksum)) throw new Error(`${label}: the checksum is not a number`);
  return { label, scored, perSecond: Math.round(scored / elapsed), perCpuSecond: Math.round(scored / cpuSeconds) };
}

/** Runs the measurements; `log` gets a line per measurement as it finishes. */
export function benchScoring(options: ScoringBenchOptions, log: (line: string) => void = () => {}): ScoringBenchResult {
  const definition = AI_SUPPLIER_DUE_DILIGENCE;
  const inputs = Array.from({ length: options.variants }, (_, i) => syntheticInput(definition, options.components, i + 1));
  const componentIds = inputs[0]!.componentIds;
  const profiles: ScoringInput[] = DEMO_PROFILES.map((profile) => ({
    definition,
    componentIds,
    answers: answersFor(profile, componentIds, { asOf: SCORING_DATE }),
    evidence: evidenceFor(profile, componentIds, { asOf: SCORING_DATE }),
    scoringDate: SCORING_DATE,
    methodology: DEFAULT_METHODOLOGY,
  }));
  const result: ScoringBenchResult = {
    questions: definition.sections.reduce((n, s) => n + s.questions.length, 0),
    components: options.components,
    answersPerAssessment: inputs[0]!.answers.length,
    variants: options.variants,
    seconds: options.seconds,
    measurements: [],
  };
  const run = (label: string, set: ScoringInput[], score: (input: ScoringInput) => number) => {
    const m = measure(label, options.seconds, set, score);
    result.measurements.push(m);
    const rate = (n: number) => n.toLocaleString("en").padStart(8);
    log(
      `${label.padEnd(48)} ${rate(m.perSecond)} assessments/s (wall clock), ${rate(m.perCpuSecond)} per CPU-second   [${m.scored.toLocaleString("en")} scored]`,
    );
  };
  run("ratings, grades, flags (explanations unread)", inputs, (input) => scoreAssessment(input).vendor.overall ?? 0);
  run("…and every explanation read", inputs, (input) => {
    const scored = scoreAssessment(input);
    let lines = scored.vendor.explanation.questions.length + scored.supplier.explanation.questions.length;
    for (const rating of Object.values(scored.components)) lines += rating.explanation.questions.length;
    return (scored.vendor.overall ?? 0) + lines;
  });
  run("the demo seed's strong, mixed, knocked-out answers", profiles, (input) => scoreAssessment(input).vendor.overall ?? 0);
  return result;
}

/** The command-line options, checked. */
function cliOptions(): ScoringBenchOptions {
  const { values } = parseArgs({
    options: { seconds: { type: "string", default: "5" }, components: { type: "string", default: "5" }, variants: { type: "string", default: "200" } },
  });
  const options = { seconds: Number(values.seconds), components: Number(values.components), variants: Number(values.variants) };
  for (const [name, value] of Object.entries(options)) {
    if (!Number.isFinite(value) || value <= 0 || (name !== "seconds" && !Number.isInteger(value))) throw new Error(`--${name} must be a positive number`);
  }
  return options;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const options = cliOptions();
  const definition = AI_SUPPLIER_DUE_DILIGENCE;
  const questions = definition.sections.reduce((n, s) => n + s.questions.length, 0);
  console.log(
    `Template: the built-in one, its own rules; ${questions} questions; ${options.components} components; ${options.variants} answer sets; ${options.seconds} s each`,
  );
  const result = benchScoring(options, console.log);
  console.log(`${result.answersPerAssessment} answers per assessment (every question answered, hidden ones too, 10 % N/A where allowed).`);
}
