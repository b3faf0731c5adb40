// One question: a one-line summary (open one at a time, so a 300-question template stays quick),
// and when open, every field of it.
import { memo, useMemo } from "react";
import { useFormContext, useWatch, type FieldPath } from "react-hook-form";
import {
  CHOICE_TYPES,
  DOMAIN_LABELS,
  optionsOf,
  QUESTION_TYPE_LABELS,
  QUESTION_TYPES,
  SCORING_DOMAINS,
  type QuestionType,
} from "~/domain/templates/definition";
import { isKnownRef } from "~/domain/templates/frameworks";
import type { ConditionCandidate } from "./condition-builder";
import { ConditionBuilder } from "./condition-builder";
import { EditorCheckbox, EditorSelect, EditorText, EditorTextArea } from "./fields";
import { optionDrafts, type ConditionDraft, type EditorValues, type KnockoutDraft, type OptionDraft } from "./form-model";
import { KnockoutsEditor } from "./knockouts-editor";
import { OptionsEditor } from "./options-editor";
import { useEditor, useEditorState } from "./store";

type Base = `sections.${number}.questions.${number}`;

const TYPE_OPTIONS = QUESTION_TYPES.map((t) => ({ value: t, label: QUESTION_TYPE_LABELS[t] }));
const DOMAIN_OPTIONS = SCORING_DOMAINS.map((d) => ({ value: d, label: DOMAIN_LABELS[d] }));

export function problemsUnder(path: string) {
  return (p: { path: string }) => p.path === path || p.path.startsWith(`${path}.`) || p.path.startsWith(`${path}[`);
}

interface Props {
  sectionIndex: number;
  index: number;
  count: number;
  /** The field-array id: stable while the question moves. */
  id: string;
  onMove: (from: number, to: number, id: string) => void;
  onRemove: (index: number, id: string) => void;
}

export const QuestionEditor = memo(function QuestionEditor({ sectionIndex, index, count, id, onMove, onRemove }: Props) {
  const base: Base = `sections.${sectionIndex}.questions.${index}`;
  const { control } = useFormContext<EditorValues>();
  const { store } = useEditor();
  const expanded = useEditorState((s) => s.expanded === id);
  const problemPath = `sections[${sectionIndex}].questions[${index}]`;
  const problemCount = useEditorState((s) => s.problems.filter(problemsUnder(problemPath)).length);
  const [key, prompt, type, required, showIfMode, knockouts] = useWatch({
    control,
    name: [`${base}.key`, `${base}.prompt`, `${base}.type`, `${base}.required`, `${base}.showIf.mode`, `${base}.knockouts`],
  }) as [string, string, QuestionType, boolean, ConditionDraft["mode"], KnockoutDraft[] | undefined];
  const number = `${sectionIndex + 1}.${index + 1}`;
  const bodyId = `qe-body-${id}`;
  const toggle = () => store.set((s) => ({ expanded: s.expanded === id ? null : id }));

  return (
    <li className={expanded ? "qe qe--open" : "qe"} data-question-name={base} data-qid={id}>
      <div className="qe-summary">
        <button type="button" className="qe-toggle" aria-expanded={expanded} aria-controls={expanded ? bodyId : undefined} onClick={toggle}>
          <span className="qe-chevron" aria-hidden="true">
            {expanded ? "▾" : "▸"}
          </span>
          <span className="qe-number">{number}</span>
          <span className="qe-key">{key || "(no key)"}</span>
          <span className="qe-prompt">{prompt || "(no question text yet)"}</span>
        </button>
        <span className="qe-badges">
          <span className="badge badge--muted">{QUESTION_TYPE_LABELS[type] ?? type}</span>
          {required ? null : <span className="badge badge--muted">Optional</span>}
          {showIfMode && showIfMode !== "none" ? <span className="badge badge--muted">Conditional</span> : null}
          {knockouts?.length ? <span className="badge badge--warn">{knockouts.length === 1 ? "1 knock-out" : `${knockouts.length} knock-outs`}</span> : null}
          {problemCount ? <span className="badge badge--danger">{problemCount === 1 ? "1 problem" : `${problemCount} problems`}</span> : null}
        </span>
        <span className="qe-actions">
          <button
            type="button"
            id={`qe-${id}-up`}
            className="button button--small button--quiet"
            onClick={() => onMove(index, index - 1, id)}
            disabled={index === 0}
          >
            <span aria-hidden="true">↑</span>
            <span className="visually-hidden">Move question {number} up</span>
          </button>
          <button
            type="button"
            id={`qe-${id}-down`}
            className="button button--small button--quiet"
            onClick={() => onMove(index, index + 1, id)}
            disabled={index === count - 1}
          >
            <span aria-hidden="true">↓</span>
            <span className="visually-hidden">Move question {number} down</span>
          </button>
          <button type="button" className="button button--small button--quiet qe-remove" onClick={() => onRemove(index, id)}>
            Remove<span className="visually-hidden"> question {number}</span>
          </button>
        </span>
      </div>
      {expanded ? (
        <div className="qe-body" id={bodyId} role="group" aria-label={`Question ${number}`}>
          <QuestionBody base={base} sectionIndex={sectionIndex} index={index} type={type} />
        </div>
      ) : null}
    </li>
  );
});

// Memoised: typing in the prompt re-renders the summary line above, not every field below.
const QuestionBody = memo(function QuestionBody({ base, sectionIndex, index, type }: { base: Base; sectionIndex: number; index: number; type: QuestionType }) {
  const { control, getValues, setValue } = useFormContext<EditorValues>();
  const [evidenceOn, refs] = useWatch({ control, name: [`${base}.evidenceOn`, `${base}.refs`] }) as [boolean, string];
  const definition = useEditorState((s) => s.definition);

  // Conditions may read earlier questions only (knock-outs also this one); a supplier-wide
  // question may not read a per-component one.
  const { earlier, withSelf } = useMemo(() => {
    const flat = definition.sections.flatMap((s, si) => s.questions.map((q, qi) => ({ q, si, qi, scope: s.scope })));
    const position = flat.findIndex((f) => f.si === sectionIndex && f.qi === index);
    const scope = definition.sections[sectionIndex]?.scope;
    const toCandidate = ({ q }: (typeof flat)[number]): ConditionCandidate => ({
      key: q.key,
      prompt: q.prompt,
      type: q.type,
      options: CHOICE_TYPES.has(q.type) ? optionsOf(q).map((o) => ({ value: o.value, label: o.label })) : [],
    });
    const allowed = flat.filter((f) => !(scope === "supplier" && f.scope === "component"));
    const before = position < 0 ? allowed : allowed.filter((f) => flat.indexOf(f) < position);
    const self = position < 0 ? [] : [flat[position]!];
    return { earlier: before.map(toCandidate), withSelf: [...before, ...self].map(toCandidate) };
  }, [definition, sectionIndex, index]);

  const onTypeChange = (next: string) => {
    const nextType = next as QuestionType;
    const optionsName = `${base}.options` as const;
    const current = (getValues(optionsName) ?? []) as OptionDraft[];
    const defaults = optionDrafts(nextType);
    if (defaults.length) setValue(optionsName, defaults, { shouldDirty: true });
    else if (CHOICE_TYPES.has(nextType) && current.length === 0) {
      setValue(
        optionsName,
        [
          { value: "option_1", label: "", score: "1" },
          { value: "option_2", label: "", score: "0" },
        ],
        { shouldDirty: true },
      );
    }
  };

  const unknownRefs = (refs ?? "")
    .split(",")
    .map((r) => r.trim())
    .filter((r) => r && !isKnownRef(r));
  const n = (field: string) => `${base}.${field}` as FieldPath<EditorValues>;

  return (
    <>
      <div className="qe-grid">
        <EditorText
          name={n("key")}
          label="Question key"
          hint="Lower-case letters, digits and _; conditions refer to it"
          autoComplete="off"
          spellCheck={false}
        />
        <EditorSelect name={n("type")} label="Answer type" options={TYPE_OPTIONS} onValueChange={onTypeChange} />
        <EditorTextArea name={n("prompt")} label="Question text" rows={2} className="qe-wide" />
        <EditorTextArea name={n("help")} label="Help for the vendor" hint="Optional" rows={2} className="qe-wide" />
      </div>
      <fieldset className="qe-group">
        <legend>Scoring</legend>
        <div className="qe-grid">
          <EditorText name={n("weight")} label="Weight" type="number" inputMode="decimal" step="any" hint="Above 0; how much the question counts" />
          <EditorSelect name={n("domain")} label="Domain" options={DOMAIN_OPTIONS} />
          <EditorCheckbox name={n("required")} label="Required" />
          <EditorCheckbox name={n("allowNa")} label="Allow “Not applicable”" />
        </div>
      </fieldset>
      {CHOICE_TYPES.has(type) ? <OptionsEditor name={`${base}.options`} /> : null}
      {type === "number" ? (
        <fieldset className="qe-group">
          <legend>Number</legend>
          <div className="qe-grid qe-grid--3">
            <EditorText name={n("unit")} label="Unit" hint="Like days or %" autoComplete="off" />
            <EditorText name={n("min")} label="Minimum" type="number" step="any" inputMode="decimal" />
            <EditorText name={n("max")} label="Maximum" type="number" step="any" inputMode="decimal" />
          </div>
        </fieldset>
      ) : null}
      <fieldset className="qe-group">
        <legend>Evidence</legend>
        <EditorCheckbox name={n("evidenceOn")} label="Ask for a document as evidence" />
        {evidenceOn ? (
          <div className="qe-grid">
            <EditorText
              name={n("evidence.request")}
              label="Document requested"
              hint="Like “Your latest SOC 2 Type II report”"
              className="qe-wide"
              autoComplete="off"
            />
            <EditorCheckbox name={n("evidence.requireValidUntil")} label="Ask until when the document is valid" />
          </div>
        ) : null}
      </fieldset>
      <EditorText
        name={n("refs")}
        label="Framework references"
        hint={
          <>
            Control IDs separated by commas, like ISO42001:A.7.5, EU-AI-ACT:Art.10
            {unknownRefs.length ? <span className="qe-unknown-refs"> · Not a known control: {unknownRefs.join(", ")}</span> : null}
          </>
        }
        autoComplete="off"
        spellCheck={false}
        className="qe-refs"
      />
      <ConditionBuilder name={`${base}.showIf`} legend="Show this question" candidates={earlier} allowNone hint="Conditions can use only earlier questions." />
      <KnockoutsEditor name={`${base}.knockouts`} ownKeyName={`${base}.key`} candidates={withSelf} />
    </>
  );
});
