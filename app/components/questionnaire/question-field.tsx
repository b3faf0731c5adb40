// One question as the vendor answers it: the right control for its type, help, a "Not applicable"
// choice, the evidence it asks for, and any knock-out the current answer would trigger.
// Controlled: the parent owns the answers (keyed by question key) and gets every change.
import type { ReactNode } from "react";
import type { AnswerValue } from "~/domain/templates/conditions";
import { choicesOf } from "~/domain/answers";
import type { FormQuestion } from "~/domain/section-page";
import type { Grade } from "~/domain/templates/definition";

export interface QuestionAnswer {
  /** An option value, several for multiple choice, text, a number as typed, or a YYYY-MM-DD date. */
  value?: AnswerValue;
  na?: boolean;
  /** The name of the chosen evidence file (the file itself is the form's business). */
  fileName?: string;
  /** YYYY-MM-DD: until when the evidence document is valid. */
  validUntil?: string;
}

export interface TriggeredKnockout {
  gradeCap: Grade;
  severity: "high" | "critical";
  message: string;
}

export interface QuestionFieldProps {
  question: FormQuestion;
  /** Unique on the page; every control's id starts with it. */
  id: string;
  /** Base name of the controls (answers.<key> by default). */
  name?: string;
  answer: QuestionAnswer | undefined;
  onChange: (key: string, answer: QuestionAnswer) => void;
  /** Shown before the prompt, like "1.2". */
  number?: string;
  /** The staff preview's knock-outs (its live region shows only when given; vendors never get one). */
  knockouts?: readonly TriggeredKnockout[];
  error?: string | null;
  readOnly?: boolean;
}

const RADIO_TYPES = new Set(["yes_no", "yes_partial_no", "single_choice"]);

export function knockoutText(k: Pick<TriggeredKnockout, "gradeCap" | "message">): string {
  return `This answer would cap the grade at ${k.gradeCap}: ${k.message}`;
}

export function QuestionField({ question, id, name, answer, onChange, number, knockouts, error, readOnly }: QuestionFieldProps) {
  const base = name ?? `answers.${question.key}`;
  const promptId = `${id}-prompt`;
  const helpId = question.help ? `${id}-help` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [helpId, errorId].filter(Boolean).join(" ") || undefined;
  const current = answer ?? {};
  const na = Boolean(current.na);
  const disabled = readOnly || na;
  const update = (patch: Partial<QuestionAnswer>) => onChange(question.key, { ...current, ...patch });

  const prompt = (
    <>
      {number ? <span className="qn-number">{number}</span> : null}
      <span className="qn-prompt__text">{question.prompt || "(no question text yet)"}</span>
      {question.required ? <span className="qn-required"> (required)</span> : <span className="qn-optional"> (optional)</span>}
    </>
  );
  const help = question.help ? (
    <p className="qn-help" id={helpId}>
      {question.help}
    </p>
  ) : null;

  let control: ReactNode;
  if (RADIO_TYPES.has(question.type) || question.type === "multi_choice") {
    const multi = question.type === "multi_choice";
    const selected = multi ? (Array.isArray(current.value) ? current.value : []) : [];
    control = (
      <fieldset className="qn-choice" aria-describedby={describedBy}>
        <legend id={promptId} className="qn-prompt">
          {prompt}
        </legend>
        {help}
        <div className={multi ? "qn-options qn-options--multi" : "qn-options"}>
          {choicesOf(question).map((option, i) => {
            const optionId = `${id}-o${i}`;
            const checked = multi ? selected.includes(option.value) : current.value === option.value;
            return (
              <span className="qn-option" key={`${option.value}-${i}`}>
                <input
                  type={multi ? "checkbox" : "radio"}
                  id={optionId}
                  name={base}
                  value={option.value}
                  checked={checked}
                  disabled={disabled}
                  onChange={(event) => {
                    if (!multi) return update({ value: option.value });
                    const next = event.currentTarget.checked ? [...selected, option.value] : selected.filter((v) => v !== option.value);
                    update({ value: next });
                  }}
                />
                <label htmlFor={optionId}>{option.label || option.value || `Option ${i + 1}`}</label>
              </span>
            );
          })}
        </div>
      </fieldset>
    );
  } else if (question.type === "file") {
    control = (
      <fieldset className="qn-choice" aria-describedby={describedBy}>
        <legend id={promptId} className="qn-prompt">
          {prompt}
        </legend>
        {help}
        <EvidenceInputs question={question} id={id} base={base} current={current} update={update} disabled={disabled} label="Document" />
      </fieldset>
    );
  } else {
    const inputId = `${id}-input`;
    const text = current.value === undefined || current.value === null ? "" : String(current.value);
    const unitId = question.type === "number" && (question.unit || question.min !== undefined || question.max !== undefined) ? `${id}-unit` : undefined;
    const inputDescribedBy = [helpId, unitId, errorId].filter(Boolean).join(" ") || undefined;
    const common = {
      id: inputId,
      name: base,
      value: text,
      disabled,
      "aria-describedby": inputDescribedBy,
      "aria-required": question.required || undefined,
      "aria-invalid": error ? true : undefined,
    } as const;
    let input: ReactNode;
    if (question.type === "long_text") {
      input = <textarea {...common} rows={4} onChange={(e) => update({ value: e.currentTarget.value })} />;
    } else if (question.type === "number") {
      input = (
        <span className="qn-number-input">
          <input
            {...common}
            type="number"
            inputMode="decimal"
            step="any"
            min={question.min}
            max={question.max}
            onChange={(e) => update({ value: e.currentTarget.value })}
          />
          {unitId ? (
            <span className="qn-unit" id={unitId}>
              {[question.unit, rangeText(question.min, question.max)].filter(Boolean).join(" · ")}
            </span>
          ) : null}
        </span>
      );
    } else if (question.type === "date") {
      input = <input {...common} type="date" onChange={(e) => update({ value: e.currentTarget.value })} />;
    } else {
      input = <input {...common} type="text" maxLength={1000} onChange={(e) => update({ value: e.currentTarget.value })} />;
    }
    control = (
      <div className="qn-single">
        <label htmlFor={inputId} id={promptId} className="qn-prompt">
          {prompt}
        </label>
        {help}
        {input}
      </div>
    );
  }

  return (
    <div className={error ? "qn-question qn-question--invalid" : "qn-question"} id={id} data-question-key={question.key}>
      {control}
      {question.evidence && question.type !== "file" ? (
        <div className="qn-evidence">
          <EvidenceInputs
            question={question}
            id={`${id}-ev`}
            base={`${base}.evidence`}
            current={current}
            update={update}
            disabled={disabled}
            label="Evidence document"
          />
        </div>
      ) : null}
      {question.allowNa ? (
        <span className="qn-na">
          <input
            type="checkbox"
            id={`${id}-na`}
            name={`${base}.na`}
            checked={na}
            disabled={readOnly}
            aria-describedby={promptId}
            onChange={(e) => update({ na: e.currentTarget.checked })}
          />
          <label htmlFor={`${id}-na`}>Not applicable</label>
        </span>
      ) : null}
      {error ? (
        <p className="qn-error" id={errorId}>
          {error}
        </p>
      ) : null}
      {knockouts ? (
        <div className="qn-knockouts" aria-live="polite">
          {knockouts.map((k, i) => (
            <p className={`qn-knockout qn-knockout--${k.severity}`} key={i}>
              <span className="qn-knockout__label">{k.severity === "critical" ? "Critical knock-out" : "Knock-out"}</span> {knockoutText(k)}
            </p>
          ))}
        </div>
      ) : null}
    </div>
  );
}

function rangeText(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `from ${min} to ${max}`;
  if (min !== undefined) return `at least ${min}`;
  if (max !== undefined) return `at most ${max}`;
  return "";
}

function EvidenceInputs({
  question,
  id,
  base,
  current,
  update,
  disabled,
  label,
}: {
  question: FormQuestion;
  id: string;
  base: string;
  current: QuestionAnswer;
  update: (patch: Partial<QuestionAnswer>) => void;
  disabled: boolean;
  label: string;
}) {
  const requestId = question.evidence ? `${id}-request` : undefined;
  return (
    <>
      <div className="qn-file">
        <label htmlFor={`${id}-file`}>{label}</label>
        {question.evidence ? (
          <p className="qn-help" id={requestId}>
            Requested: {question.evidence.request}
          </p>
        ) : null}
        <input
          type="file"
          id={`${id}-file`}
          name={`${base}.file`}
          disabled={disabled}
          aria-describedby={requestId}
          onChange={(e) => update({ fileName: e.currentTarget.files?.[0]?.name ?? undefined })}
        />
      </div>
      {question.evidence?.requireValidUntil ? (
        <div className="qn-file">
          <label htmlFor={`${id}-valid-until`}>Valid until</label>
          <input
            type="date"
            id={`${id}-valid-until`}
            name={`${base}.validUntil`}
            value={current.validUntil ?? ""}
            disabled={disabled}
            onChange={(e) => update({ validUntil: e.currentTarget.value })}
          />
        </div>
      ) : null}
    </>
  );
}
