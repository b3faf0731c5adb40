// The template editor: react-hook-form holds what is typed (sections, questions, options,
// conditions, knock-outs as field arrays); a debounced snapshot feeds the problems list and the
// live preview. Only the parts a change concerns re-render, so 300 questions stay quick.
import { zodResolver } from "@hookform/resolvers/zod";
import { memo, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type MutableRefObject, type ReactNode } from "react";
import { FormProvider, useFieldArray, useForm, type Resolver } from "react-hook-form";
import { QuestionnairePreview } from "../questionnaire/questionnaire-preview";
import { definitionShape, type TemplateDefinition } from "~/domain/templates/definition";
import type { DefinitionProblem } from "~/domain/templates/validate";
import { EditorText, EditorTextArea } from "./fields";
import {
  definitionJson,
  fieldId,
  freshKey,
  friendlyErrors,
  liveProblems,
  newQuestion,
  newSection,
  problemPathToName,
  toDefinition,
  toFormValues,
  type EditorValues,
} from "./form-model";
import { ProblemsList } from "./problems-list";
import { focusSoon, SectionEditor, usedQuestionKeys } from "./section-editor";
import { createStore, EditorContext, useEditorState, type EditorActions, type EditorSnapshot } from "./store";

export interface EditorCurrent {
  definition: TemplateDefinition;
  json: string;
  /** Every problem now (publishing needs none). */
  problems: DefinitionProblem[];
  /** Problems that make the definition unsavable as it stands (condition JSON that does not parse). */
  blocking: DefinitionProblem[];
}

export interface EditorApi {
  current(): EditorCurrent;
  isDirty(): boolean;
  /** The JSON that the server now holds. */
  markSaved(json: string): void;
  focusPath(path: string): void;
  /** Shows every field's message and moves focus to the problems list. */
  showProblems(): void;
}

interface Props {
  initialDefinition: TemplateDefinition;
  apiRef: MutableRefObject<EditorApi | null>;
  serverProblems?: readonly DefinitionProblem[] | null;
  /** Save and publish buttons, shown in the editor's bar. */
  toolbar?: ReactNode;
  onDirtyChange?: (dirty: boolean) => void;
}

const DEBOUNCE_MS = 250;
type Tab = "edit" | "preview";
const TABS: Array<{ id: Tab; label: string }> = [
  { id: "edit", label: "Edit" },
  { id: "preview", label: "Preview" },
];

export function TemplateEditor({ initialDefinition, apiRef, serverProblems, toolbar, onDirtyChange }: Props) {
  const defaultValues = useMemo(() => toFormValues(initialDefinition), [initialDefinition]);
  const resolver = useMemo<Resolver<EditorValues>>(() => {
    const inner = zodResolver(definitionShape, { error: friendlyErrors } as never) as unknown as Resolver<EditorValues>;
    // The schema checks the definition the form stands for; its paths are the form's names.
    return async (values, context, options) => {
      const result = await inner(toDefinition(values).definition as unknown as EditorValues, context, options);
      return Object.keys(result.errors).length ? { values: {}, errors: result.errors } : { values, errors: {} };
    };
  }, []);
  const form = useForm<EditorValues>({ defaultValues, resolver, mode: "onChange", reValidateMode: "onChange" });
  const { control, getValues } = form;
  const sections = useFieldArray({ control, name: "sections" });

  const savedJson = useRef("");
  const [store] = useState(() => {
    const converted = toDefinition(defaultValues);
    savedJson.current = definitionJson(converted.definition);
    const check = liveProblems(converted);
    return createStore<EditorSnapshot>({
      definition: converted.definition,
      problems: check.problems,
      fieldProblems: check.fieldProblems,
      dirty: false,
      expanded: null,
    });
  });
  const [tab, setTab] = useState<Tab>("edit");
  const [serverShown, setServerShown] = useState(true);
  const announcer = useRef<HTMLParagraphElement>(null);
  const onDirty = useRef(onDirtyChange);
  onDirty.current = onDirtyChange;

  const refresh = useCallback(() => {
    const converted = toDefinition(getValues());
    const check = liveProblems(converted);
    const dirty = definitionJson(converted.definition) !== savedJson.current;
    const wasDirty = store.get().dirty;
    store.set({ definition: converted.definition, problems: check.problems, fieldProblems: check.fieldProblems, dirty });
    if (dirty !== wasDirty) onDirty.current?.(dirty);
  }, [getValues, store]);

  // Every change: hide the server's last answer, then re-check after a pause in typing.
  const serverShownRef = useRef(serverShown);
  serverShownRef.current = serverShown;
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const subscription = form.watch(() => {
      if (serverShownRef.current) setServerShown(false);
      clearTimeout(timer);
      timer = setTimeout(refresh, DEBOUNCE_MS);
    });
    return () => {
      subscription.unsubscribe();
      clearTimeout(timer);
    };
  }, [form, refresh]);

  useEffect(() => setServerShown(true), [serverProblems]);

  const isDirtyNow = useCallback(() => definitionJson(toDefinition(getValues()).definition) !== savedJson.current, [getValues]);

  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!isDirtyNow()) return;
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [isDirtyNow]);

  const announce = useCallback((message: string) => {
    if (announcer.current) announcer.current.textContent = message;
  }, []);

  const focusPath = useCallback(
    (path: string) => {
      setTab("edit");
      const name = path === "(root)" ? "title" : problemPathToName(path);
      const question = /^sections\.(\d+)\.questions\.(\d+)/.exec(name);
      if (question) {
        const row = document.querySelector<HTMLElement>(`[data-question-name="sections.${question[1]}.questions.${question[2]}"]`);
        if (row?.dataset.qid) store.set({ expanded: row.dataset.qid });
      }
      let frames = 0;
      const attempt = () => {
        const parts = name.split(".");
        // The exact field once it has rendered; after a few frames, the nearest enclosing one.
        const candidates = frames < 4 ? [parts] : parts.map((_, i) => parts.slice(0, parts.length - i));
        for (const candidate of candidates) {
          const element = document.getElementById(fieldId(candidate.join(".")));
          if (element && !element.closest("[hidden]")) {
            element.focus();
            element.scrollIntoView({ block: "center" });
            return;
          }
        }
        if (frames++ < 8) requestAnimationFrame(attempt);
        else document.getElementById(fieldId("title"))?.focus();
      };
      requestAnimationFrame(attempt);
    },
    [store],
  );

  useEffect(() => {
    apiRef.current = {
      current() {
        const converted = toDefinition(getValues());
        const check = liveProblems(converted);
        return { definition: converted.definition, json: definitionJson(converted.definition), problems: check.problems, blocking: converted.problems };
      },
      isDirty: isDirtyNow,
      markSaved(json) {
        savedJson.current = json;
        refresh();
      },
      focusPath,
      showProblems() {
        refresh();
        setTab("edit");
        void form.trigger();
        focusSoon("problems");
      },
    };
    return () => {
      apiRef.current = null;
    };
  }, [apiRef, getValues, isDirtyNow, refresh, focusPath, form]);

  const actions = useMemo<EditorActions>(() => ({ store, focusPath, announce }), [store, focusPath, announce]);

  const { move: moveSections, remove: removeSections } = sections;
  const moveSection = useCallback(
    (from: number, to: number, id: string) => {
      if (to < 0 || to >= getValues("sections").length) return;
      moveSections(from, to);
      announce(`Section moved to position ${to + 1}`);
      const direction = to < from ? "up" : "down";
      focusSoon(`se-${id}-${direction}`, `se-${id}-${direction === "up" ? "down" : "up"}`);
    },
    [moveSections, getValues, announce],
  );
  const removeSection = useCallback(
    (index: number) => {
      const title = getValues(`sections.${index}.title`);
      removeSections(index);
      announce(`Section ${title || index + 1} removed`);
      focusSoon("add-section");
    },
    [removeSections, getValues, announce],
  );
  const addSection = () => {
    const values = getValues();
    const sectionKeys = new Set(values.sections.map((s) => s.key));
    const section = { ...newSection(freshKey("section_", sectionKeys)), questions: [newQuestion(freshKey("q", usedQuestionKeys(values)))] };
    sections.append(section, { shouldFocus: false });
    announce("Section added");
    focusSoon(fieldId(`sections.${values.sections.length}.title`));
  };

  const selectTab = (next: Tab) => {
    if (next === "preview") refresh();
    setTab(next);
  };
  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    const index = TABS.findIndex((t) => t.id === tab);
    const next =
      event.key === "ArrowRight"
        ? (index + 1) % TABS.length
        : event.key === "ArrowLeft"
          ? (index + TABS.length - 1) % TABS.length
          : event.key === "Home"
            ? 0
            : event.key === "End"
              ? TABS.length - 1
              : -1;
    if (next < 0) return;
    event.preventDefault();
    selectTab(TABS[next]!.id);
    document.getElementById(`te-tab-${TABS[next]!.id}`)?.focus();
  };

  return (
    <FormProvider {...form}>
      <EditorContext.Provider value={actions}>
        <div className="te">
          <div className="te-bar">
            <div role="tablist" aria-label="Editor views" className="te-tabs">
              {TABS.map((t) => (
                <button
                  key={t.id}
                  type="button"
                  role="tab"
                  id={`te-tab-${t.id}`}
                  aria-selected={tab === t.id}
                  aria-controls={`te-panel-${t.id}`}
                  tabIndex={tab === t.id ? 0 : -1}
                  className="te-tab"
                  onClick={() => selectTab(t.id)}
                  onKeyDown={onTabKey}
                >
                  {t.label}
                </button>
              ))}
            </div>
            <SaveState />
            <div className="te-toolbar">{toolbar}</div>
          </div>
          <p className="visually-hidden" role="status" ref={announcer} />

          <div role="tabpanel" id="te-panel-edit" aria-labelledby="te-tab-edit" hidden={tab !== "edit"} className="te-edit">
            <div className="te-main">
              <section className="te-card" aria-labelledby="te-template-title">
                <h2 id="te-template-title">Template</h2>
                <div className="te-grid">
                  <EditorText name="title" label="Title shown to the vendor" autoComplete="off" />
                  <EditorTextArea name="description" label="Introduction" hint="Optional; shown to the vendor above the first section" rows={2} />
                </div>
              </section>
              <h2 className="te-sections-title">Sections</h2>
              {sections.fields.length === 0 ? <p className="empty">No sections yet: add one to start asking questions.</p> : null}
              {sections.fields.map((field, i) => (
                <SectionEditor key={field.id} id={field.id} index={i} count={sections.fields.length} onMove={moveSection} onRemove={removeSection} />
              ))}
              <button type="button" id="add-section" className="button" onClick={addSection}>
                Add section
              </button>
            </div>
            <aside className="te-aside" aria-label="Problems">
              <LiveProblems serverProblems={serverShown ? serverProblems : null} onSelect={focusPath} />
            </aside>
          </div>
          <div role="tabpanel" id="te-panel-preview" aria-labelledby="te-tab-preview" hidden={tab !== "preview"} className="te-preview">
            <p className="notice te-preview-note">This is what the vendor will see. Answer to try the conditions and knock-outs; nothing here is saved.</p>
            <LivePreview active={tab === "preview"} />
          </div>
        </div>
      </EditorContext.Provider>
    </FormProvider>
  );
}

function SaveState() {
  const dirty = useEditorState((s) => s.dirty);
  return (
    <p className={dirty ? "te-state te-state--dirty" : "te-state"} aria-live="polite">
      {dirty ? "Unsaved changes" : "All changes saved"}
    </p>
  );
}

function LiveProblems({ serverProblems, onSelect }: { serverProblems?: readonly DefinitionProblem[] | null; onSelect: (path: string) => void }) {
  const problems = useEditorState((s) => s.problems);
  const definition = useEditorState((s) => s.definition);
  return <ProblemsList problems={problems} serverProblems={serverProblems} definition={definition} onSelect={onSelect} />;
}

/** The preview of the editor's current state; it holds still while hidden. */
function LivePreview({ active }: { active: boolean }) {
  const definition = useEditorState((s) => s.definition);
  const shown = useRef(definition);
  if (active) shown.current = definition;
  return <MemoPreview definition={shown.current} />;
}

const MemoPreview = memo(function MemoPreview({ definition }: { definition: TemplateDefinition }) {
  return <QuestionnairePreview definition={definition} idPrefix="preview" headingLevel={2} />;
});
