// A template question for unit tests: a required yes/no in the governance domain, prompt = key,
// N/A not allowed, unless `extra` says otherwise.
import type { Question } from "~/domain/templates/definition";

export const question = (key: string, extra: Partial<Question> = {}): Question => ({
  key,
  prompt: key,
  type: "yes_no",
  required: true,
  weight: 1,
  domain: "governance",
  allowNa: false,
  refs: [],
  ...extra,
});
