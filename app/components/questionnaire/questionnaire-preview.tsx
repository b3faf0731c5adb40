// A template as the vendor will see it: sections, the questions their conditions show, and the
// knock-outs the answers so far would trigger. `QuestionnaireSections` is controlled (the vendor
// form owns its answers); `QuestionnairePreview` keeps throwaway answers in state for the editor.
import { useState } from "react";
import { evaluateCondition, type AnswerMap, type AnswerValue } from "~/domain/templates/conditions";
import type { Condition, Question, TemplateDefinition } from "~/domain/templates/definition";
import { QuestionField, type QuestionAnswer, type TriggeredKnockout } from "./question-field";

export type Answers = Readonly<Record<string, QuestionAnswer | undefined>>;

export interface QuestionState {
  question: Question;
  sectionIndex: number;
  questionIndex: number;
  visible: boolean;
  knockouts: TriggeredKnockout[];
}

/** A condition that cannot be read (half-typed in the editor) counts as `fallback`. */
function safely(condition: Condition, answers: AnswerMap, fallback: boolean): boolean {
  try {
    return evaluateCondition(condition, answers);
  } catch {
    return fallback;
  }
}

/**
 * Which questions show and which knock-outs fire, in question order. A hidden question's answer
 * does not count, so hiding a question also hides the ones that depend on it.
 */
export function questionStates(definition: TemplateDefinition, answers: Answers): QuestionState[] {
  const effective: Record<string, AnswerValue> = {};
  const states: QuestionState[] = [];
  (definition.sections ?? []).forEach((section, sectionIndex) => {
    (section.questions ?? []).forEach((question, questionIndex) => {
      const visible = question.showIf ? safely(question.showIf, effective, true) : true;
      const answer = answers[question.key];
      effective[question.key] = visible && answer && !answer.na ? answer.value : undefined;
      const knockouts = visible
        ? (question.knockouts ?? [])
            .filter((k) => k.when && safely(k.when, effective, false))
            .map(({ gradeCap, severity, message }) => ({ gradeCap, severity, message }))
        : [];
      states.push({ question, sectionIndex, questionIndex, visible, knockouts });
    });
  });
  return states;
}

interface SectionsProps {
  definition: TemplateDefinition;
  answers: Answers;
  onAnswerChange: (key: string, answer: QuestionAnswer) => void;
  /** Prefix of every DOM id, unique on the page. */
  idPrefix: string;
  /** Prefix of every control's name. */
  namePrefix?: string;
  /** The level of the section headings. */
  headingLevel?: 2 | 3 | 4;
  errors?: Readonly<Record<string, string | undefined>>;
  readOnly?: boolean;
}

export function QuestionnaireSections({
  definition,
  answers,
  onAnswerChange,
  idPrefix,
  namePrefix = "answers",
  headingLevel = 2,
  errors,
  readOnly,
}: SectionsProps) {
  const states = questionStates(definition, answers);
  const Heading = `h${headingLevel}` as "h2";
  return (
    <div className="qn">
      {(definition.sections ?? []).map((section, s) => {
        const inSection = states.filter((st) => st.sectionIndex === s);
        const shown = inSection.filter((st) => st.visible);
        const headingId = `${idPrefix}-s${s}-title`;
        return (
          <section className="qn-section" key={`${section.key}-${s}`} aria-labelledby={headingId}>
            <header className="qn-section__header">
              <Heading id={headingId} className="qn-section__title">
                {section.title || "(untitled section)"}
              </Heading>
              {section.scope === "component" ? <p className="qn-scope">Answered for each AI component</p> : null}
            </header>
            {section.description ? <p className="qn-section__description">{section.description}</p> : null}
            {shown.length === 0 ? (
              <p className="qn-empty">{inSection.length ? "No questions apply given the answers so far." : "This section has no questions yet."}</p>
            ) : null}
            {shown.map(({ question, questionIndex, knockouts }) => (
              <QuestionField
                key={`${question.key}-${questionIndex}`}
                question={question}
                id={`${idPrefix}-s${s}-q${questionIndex}`}
                name={`${namePrefix}.${question.key}`}
                number={`${s + 1}.${questionIndex + 1}`}
                answer={answers[question.key]}
                onChange={onAnswerChange}
                knockouts={knockouts}
                error={errors?.[question.key]}
                readOnly={readOnly}
              />
            ))}
          </section>
        );
      })}
    </div>
  );
}

/** The preview: the vendor's view with answers that live only in this component. */
export function QuestionnairePreview({
  definition,
  idPrefix = "preview",
  headingLevel = 2,
}: {
  definition: TemplateDefinition;
  idPrefix?: string;
  headingLevel?: 2 | 3;
}) {
  const [answers, setAnswers] = useState<Record<string, QuestionAnswer>>({});
  const states = questionStates(definition, answers);
  const visible = states.filter((s) => s.visible).length;
  const knockouts = states.reduce((n, s) => n + s.knockouts.length, 0);
  const Heading = `h${headingLevel}` as "h2";
  return (
    <div className="qn-preview">
      <div className="qn-preview__header">
        <div>
          <Heading className="qn-preview__title">{definition.title || "(untitled template)"}</Heading>
          {definition.description ? <p className="qn-preview__description">{definition.description}</p> : null}
        </div>
        <div className="qn-preview__tools">
          <p className="qn-preview__count" role="status">
            {visible} of {states.length} questions shown{knockouts ? ` · ${knockouts} knock-out${knockouts === 1 ? "" : "s"} triggered` : ""}
          </p>
          <button type="button" className="button button--small" onClick={() => setAnswers({})} disabled={Object.keys(answers).length === 0}>
            Clear answers
          </button>
        </div>
      </div>
      <QuestionnaireSections
        definition={definition}
        answers={answers}
        onAnswerChange={(key, answer) => setAnswers((all) => ({ ...all, [key]: answer }))}
        idPrefix={idPrefix}
        namePrefix={`${idPrefix}-answers`}
        headingLevel={(headingLevel + 1) as 3 | 4}
      />
    </div>
  );
}
