// After a no-JavaScript "Save section": what was not saved, and for a conflict both answers and a
// "Keep mine" form.
import { Form } from "@remix-run/react";
import { describeValue, type CurrentAnswer } from "~/domain/answers";
import { formatDateTime } from "~/domain/calendar";
import type { FormQuestion } from "~/domain/section-page";
import type { Mine } from "./answer-form-model";

export type OutcomeStatus = "saved" | "conflict" | "locked" | "invalid";

export interface QuestionOutcome {
  key: string;
  prompt: string;
  status: OutcomeStatus;
  message?: string;
  current?: CurrentAnswer;
  mine?: Mine;
}

export function NoScriptOutcomes({ outcomes, questions }: { outcomes: QuestionOutcome[]; questions: FormQuestion[] }) {
  return (
    <section className="panel answering__problems" aria-labelledby="problems-heading" role="alert">
      <h2 id="problems-heading">Some answers were not saved</h2>
      <ul>
        {outcomes.map((o) => {
          const q = questions.find((x) => x.key === o.key);
          return (
            <li key={o.key}>
              <a href={`#q-${o.key}`}>{o.prompt}</a>:{" "}
              {o.status === "conflict" && o.current && o.mine && q ? (
                <>
                  {o.current.byYou ? "You changed it in another window or tab meanwhile" : `${o.current.updatedBy ?? "Someone else"} changed it meanwhile`}.
                  Your answer here: <strong>{describeValue(q, o.mine.value, o.mine.isNa)}</strong>;{" "}
                  {o.current.byYou ? "the one saved from the other window" : "their answer"} (now shown below
                  {o.current.updatedAt ? `, saved at ${formatDateTime(o.current.updatedAt)}` : ""}):{" "}
                  <strong>{describeValue(q, o.current.value, o.current.isNa)}</strong>.
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="keep-mine" />
                    <input type="hidden" name="questionKey" value={o.key} />
                    <input type="hidden" name="revision" value={o.current.revision} />
                    <input type="hidden" name="mine" value={JSON.stringify(o.mine)} />
                    <button type="submit" className="button button--small">
                      Keep mine
                    </button>{" "}
                    <span className="muted">or leave {o.current.byYou ? "the saved one" : "theirs"} as it is.</span>
                  </Form>
                </>
              ) : o.status === "locked" ? (
                "the questionnaire has been submitted; answers are locked."
              ) : (
                (o.message ?? "not saved")
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
