// A tiny external store for what the editor derives from its form (the debounced definition,
// its problems) and which question is open. Components select only what they show, so a
// keystroke in one question does not re-render the other hundred.
import { createContext, useContext, useSyncExternalStore } from "react";
import type { TemplateDefinition } from "~/domain/templates/definition";
import type { DefinitionProblem } from "~/domain/templates/validate";

export interface EditorSnapshot {
  definition: TemplateDefinition;
  /** Every problem, for the list: shape, conversion and cross-question. */
  problems: DefinitionProblem[];
  /** Problems shown next to their field at once (cross-question and conversion); shape messages wait for the field to be touched. */
  fieldProblems: ReadonlyMap<string, string>;
  dirty: boolean;
  /** The field-array id of the open question, if any. */
  expanded: string | null;
}

export interface Store<T> {
  get(): T;
  set(update: Partial<T> | ((state: T) => Partial<T>)): void;
  subscribe(listener: () => void): () => void;
}

export function createStore<T extends object>(initial: T): Store<T> {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(update) {
      const patch = typeof update === "function" ? update(state) : update;
      if (Object.entries(patch).every(([k, v]) => Object.is(state[k as keyof T], v))) return;
      state = { ...state, ...patch };
      listeners.forEach((listener) => listener());
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export interface EditorActions {
  store: Store<EditorSnapshot>;
  /** Opens the question holding the problem's path and focuses its field. */
  focusPath(path: string): void;
  /** Says something to screen readers (moves, removals). */
  announce(message: string): void;
}

export const EditorContext = createContext<EditorActions | null>(null);

export function useEditor(): EditorActions {
  const value = useContext(EditorContext);
  if (!value) throw new Error("useEditor outside the template editor");
  return value;
}

/** Selects a primitive (or a stable reference) from the editor store. */
export function useEditorState<S>(selector: (state: EditorSnapshot) => S): S {
  const { store } = useEditor();
  return useSyncExternalStore(
    store.subscribe,
    () => selector(store.get()),
    () => selector(store.get()),
  );
}
