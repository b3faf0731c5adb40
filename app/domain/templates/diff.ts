// What changed between two versions of a template, question by question (matched by key).
import { canonicalJson } from "../audit";
import { optionsOf, type Question, type TemplateDefinition } from "./definition";

export interface QuestionChange {
  key: string;
  kind: "added" | "removed" | "reworded" | "rescored" | "changed";
  details: string[];
}

function questionsByKey(definition: TemplateDefinition): Map<string, { question: Question; section: string }> {
  const map = new Map<string, { question: Question; section: string }>();
  for (const section of definition.sections) for (const question of section.questions) map.set(question.key, { question, section: section.title });
  return map;
}

const scoresOf = (q: Question) => canonicalJson(optionsOf(q).map((o) => [o.value, o.score]));

export function diffDefinitions(before: TemplateDefinition, after: TemplateDefinition): QuestionChange[] {
  const a = questionsByKey(before);
  const b = questionsByKey(after);
  const changes: QuestionChange[] = [];
  for (const [key, { question, section }] of b) {
    const old = a.get(key);
    if (!old) {
      changes.push({ key, kind: "added", details: [`In “${section}”: ${question.prompt}`] });
      continue;
    }
    const reworded: string[] = [];
    if (old.question.prompt !== question.prompt) reworded.push(`Prompt: “${old.question.prompt}” → “${question.prompt}”`);
    if ((old.question.help ?? "") !== (question.help ?? "")) reworded.push("Help text changed");
    const labels = (q: Question) => canonicalJson(optionsOf(q).map((o) => [o.value, o.label]));
    if (labels(old.question) !== labels(question)) reworded.push("Option labels changed");
    const rescored: string[] = [];
    if (old.question.weight !== question.weight) rescored.push(`Weight ${old.question.weight} → ${question.weight}`);
    if (scoresOf(old.question) !== scoresOf(question)) rescored.push("Option scores changed");
    if (old.question.domain !== question.domain) rescored.push(`Domain ${old.question.domain} → ${question.domain}`);
    if (canonicalJson(old.question.knockouts ?? []) !== canonicalJson(question.knockouts ?? [])) rescored.push("Knock-out rules changed");
    if (rescored.length) changes.push({ key, kind: "rescored", details: rescored });
    if (reworded.length) changes.push({ key, kind: "reworded", details: reworded });
    if (!rescored.length && !reworded.length) {
      const { prompt: _p, help: _h, options: _o, weight: _w, domain: _d, knockouts: _k, ...restOld } = old.question;
      const { prompt: _p2, help: _h2, options: _o2, weight: _w2, domain: _d2, knockouts: _k2, ...restNew } = question;
      if (canonicalJson(restOld) !== canonicalJson(restNew) || old.section !== section)
        changes.push({ key, kind: "changed", details: ["Type, conditions, evidence, references or placement changed"] });
    }
  }
  for (const [key, { question, section }] of a) {
    if (!b.has(key)) changes.push({ key, kind: "removed", details: [`Was in “${section}”: ${question.prompt}`] });
  }
  return changes;
}
