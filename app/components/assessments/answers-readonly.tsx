// Answers as the vendor sees them, read-only: the questions each scope shows (showIf honoured, per
// component), rendered with the questionnaire's own QuestionField, plus comments and evidence.
import type { ReactNode } from "react";
import { QuestionField } from "~/components/questionnaire/question-field";
import { toAnswerValue, type SectionProgress } from "~/domain/assessment-progress";

export interface EvidenceItem {
  id: string;
  question_key: string;
  ai_component_id: string | null;
  file_name: string;
  size_bytes: number;
  valid_until: string | null;
}

const noop = () => {};

function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function ReadOnlySection({
  section,
  number,
  idPrefix,
  evidence,
  headingLevel = 3,
  heading,
}: {
  section: SectionProgress;
  number: number;
  idPrefix: string;
  evidence: readonly EvidenceItem[];
  headingLevel?: 3 | 4;
  heading?: ReactNode;
}) {
  const Heading = `h${headingLevel}` as "h3";
  const shown = section.items.filter((i) => i.visible);
  const headingId = `${idPrefix}-title`;
  return (
    <section className="qn-section answers-section" aria-labelledby={headingId}>
      <Heading id={headingId} className="qn-section__title">
        {heading ?? section.title}{" "}
        <span className="answers-section__count">
          ({section.requiredAnswered} of {section.required} required answered)
        </span>
      </Heading>
      {shown.length === 0 ? <p className="qn-empty">No questions apply given the answers so far.</p> : null}
      {section.items.map((item, q) => {
        if (!item.visible) return null;
        const files = evidence.filter((e) => e.question_key === item.question.key && e.ai_component_id === section.componentId);
        return (
          <div key={item.question.key} className={item.answered ? "answer" : "answer answer--open"}>
            <QuestionField
              question={item.question}
              id={`${idPrefix}-q${q}`}
              name={`${idPrefix}.${item.question.key}`}
              number={`${number}.${q + 1}`}
              answer={item.answer ? { value: toAnswerValue(item.answer.value), na: item.answer.isNa } : undefined}
              onChange={noop}
              readOnly
            />
            {!item.answered ? <p className="answer__status">Not answered yet</p> : null}
            {item.answer?.comment ? (
              <p className="answer__comment">
                <span className="answer__label">Vendor's comment:</span> {item.answer.comment}
              </p>
            ) : null}
            {files.length ? (
              <ul className="answer__evidence" aria-label="Evidence">
                {files.map((f) => (
                  <li key={f.id}>
                    {f.file_name}{" "}
                    <span className="muted">
                      ({fileSize(f.size_bytes)}
                      {f.valid_until ? `, valid until ${f.valid_until}` : ""})
                    </span>
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        );
      })}
    </section>
  );
}
