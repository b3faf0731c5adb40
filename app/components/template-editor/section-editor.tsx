// One section: its key, title, description, who answers it, and its questions in order.
import { memo, useCallback, useEffect, useRef } from "react";
import { useFieldArray, useFormContext, useWatch } from "react-hook-form";
import { SECTION_SCOPES, type SectionScope } from "~/domain/templates/definition";
import { EditorSelect, EditorText, EditorTextArea, GroupMessage } from "./fields";
import { fieldId, freshKey, newQuestion, type EditorValues } from "./form-model";
import { QuestionEditor } from "./question-editor";
import { useEditor } from "./store";

const SCOPE_LABELS: Record<SectionScope, string> = {
  supplier: "The supplier, once",
  component: "Each AI component of the supplier",
};
const SCOPE_OPTIONS = SECTION_SCOPES.map((s) => ({ value: s, label: SCOPE_LABELS[s] }));

/** Every question key in the form, to pick a fresh one. */
export function usedQuestionKeys(values: EditorValues): Set<string> {
  return new Set(values.sections.flatMap((s) => s.questions.map((q) => q.key)));
}

/** Focuses the first enabled of the given elements, once React has rendered. */
export function focusSoon(...ids: string[]) {
  requestAnimationFrame(() => {
    for (const id of ids) {
      const element = document.getElementById(id) as HTMLButtonElement | null;
      if (element && !element.disabled) return element.focus();
    }
  });
}

interface Props {
  index: number;
  count: number;
  id: string;
  onMove: (from: number, to: number, id: string) => void;
  onRemove: (index: number, id: string) => void;
}

export const SectionEditor = memo(function SectionEditor({ index, count, id, onMove, onRemove }: Props) {
  const base = `sections.${index}` as const;
  const { control, getValues } = useFormContext<EditorValues>();
  const { fields, append, remove, move } = useFieldArray({ control, name: `${base}.questions` });
  const { store, announce } = useEditor();
  const title = useWatch({ control, name: `${base}.title` });
  const openNew = useRef(false);
  const indexRef = useRef(index);
  indexRef.current = index;

  // A question just added opens, with its text field focused.
  useEffect(() => {
    if (!openNew.current) return;
    openNew.current = false;
    const last = fields[fields.length - 1];
    if (!last) return;
    store.set({ expanded: last.id });
    focusSoon(fieldId(`sections.${indexRef.current}.questions.${fields.length - 1}.prompt`));
  }, [fields, store]);

  const addQuestion = () => {
    openNew.current = true;
    append(newQuestion(freshKey("q", usedQuestionKeys(getValues()))), { shouldFocus: false });
    announce("Question added");
  };

  const moveQuestion = useCallback(
    (from: number, to: number, questionId: string) => {
      if (to < 0 || to >= fields.length) return;
      move(from, to);
      announce(`Question moved to position ${indexRef.current + 1}.${to + 1}`);
      // Keep focus on the button pressed; at either end it is disabled, so take the other one.
      const direction = to < from ? "up" : "down";
      focusSoon(`qe-${questionId}-${direction}`, `qe-${questionId}-${direction === "up" ? "down" : "up"}`);
    },
    [fields.length, move, announce],
  );

  const removeQuestion = useCallback(
    (at: number, questionId: string) => {
      const key = getValues(`${base}.questions.${at}.key`);
      remove(at);
      if (store.get().expanded === questionId) store.set({ expanded: null });
      announce(`Question ${key || at + 1} removed`);
      focusSoon(`add-question-${id}`);
    },
    [base, getValues, remove, store, announce, id],
  );

  const headingId = `se-title-${id}`;
  return (
    <section className="se" aria-labelledby={headingId} data-section-name={base}>
      <div className="se-header">
        <h3 id={headingId}>
          <span className="se-number">Section {index + 1}</span> {title || "(untitled)"}
        </h3>
        <span className="se-actions">
          <button
            type="button"
            id={`se-${id}-up`}
            className="button button--small button--quiet"
            onClick={() => onMove(index, index - 1, id)}
            disabled={index === 0}
          >
            <span aria-hidden="true">↑</span>
            <span className="visually-hidden">Move section {index + 1} up</span>
          </button>
          <button
            type="button"
            id={`se-${id}-down`}
            className="button button--small button--quiet"
            onClick={() => onMove(index, index + 1, id)}
            disabled={index === count - 1}
          >
            <span aria-hidden="true">↓</span>
            <span className="visually-hidden">Move section {index + 1} down</span>
          </button>
          <button type="button" className="button button--small button--quiet qe-remove" onClick={() => onRemove(index, id)}>
            Remove section<span className="visually-hidden"> {index + 1}</span>
          </button>
        </span>
      </div>
      <div className="se-grid">
        <EditorText name={`${base}.title`} label="Section title" autoComplete="off" className="se-title" />
        <EditorText name={`${base}.key`} label="Section key" autoComplete="off" spellCheck={false} />
        <EditorSelect name={`${base}.scope`} label="Answered by" options={SCOPE_OPTIONS} />
        <EditorTextArea
          name={`${base}.description`}
          label="Section description"
          hint="Optional; shown to the vendor above the questions"
          rows={2}
          className="se-wide"
        />
      </div>
      <h4 className="se-questions-title" id={`se-questions-${id}`}>
        Questions <span className="muted">({fields.length})</span>
      </h4>
      <ol className="qe-list" id={fieldId(`${base}.questions`)} tabIndex={-1} aria-labelledby={`se-questions-${id}`}>
        {fields.map((field, i) => (
          <QuestionEditor key={field.id} id={field.id} sectionIndex={index} index={i} count={fields.length} onMove={moveQuestion} onRemove={removeQuestion} />
        ))}
      </ol>
      <GroupMessage name={`${base}.questions`} />
      <button type="button" id={`add-question-${id}`} className="button button--small" onClick={addQuestion}>
        Add question<span className="visually-hidden"> to section {index + 1}</span>
      </button>
    </section>
  );
});
