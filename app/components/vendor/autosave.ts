// The answering page's autosave, as a plain state machine (no React, no window): per question,
// debounced; saves go out one at a time in page order; failures retry with backoff; offline waits
// for the connection; a conflict waits for the vendor's choice; what is still unsaved when the page
// goes away leaves as beacons. What another window or a colleague saved meanwhile is fetched on
// `refresh()` (the page calls it on focus, and the machine after its saves): taken over where this
// page has no unsaved edit, a conflict where it has. The browser (fetch, sendBeacon, online) comes in through `env`, so
// the machine runs the same under test; use-autosave.ts wires it to the page.
import type { CurrentAnswer } from "~/domain/answers";

export interface KeyState {
  error: string | null;
  conflict: CurrentAnswer | null;
}
export const EMPTY_KEY_STATE: KeyState = { error: null, conflict: null };
export const DEBOUNCE_MS = 800;
export const MAX_RETRY_MS = 30_000;

export type Payload = { value: unknown; isNa: boolean; comment: string | null };
export type StatusTone = "idle" | "busy" | "ok" | "warn" | "error";

/** What the machine needs of a response (a real Response has it). */
export interface SaveResponse {
  status: number;
  ok: boolean;
  json(): Promise<unknown>;
}

export interface AutosaveEnv {
  fetch: (
    url: string,
    init: { method: string; headers: Record<string, string>; body: string; credentials: "same-origin"; keepalive: boolean },
  ) => Promise<SaveResponse>;
  /** navigator.sendBeacon where the browser has it. */
  sendBeacon: ((url: string, data: Blob) => boolean) | null;
  /** Whether the browser says it is online when the machine starts. */
  online: boolean;
  /** GET of the page's stored answers (`currentUrl`); without it the machine never refreshes. */
  load?: (url: string) => Promise<SaveResponse>;
}

export interface AutosaveOptions {
  url: string;
  componentId: string | null;
  revisions: Record<string, number>;
  files: Record<string, unknown>;
  /** Question keys in page order. */
  order: string[];
  build: (key: string) => Payload | { error: string };
  isVisible: (key: string) => boolean;
  /** Where the page's stored answers are read (GET: `{ answers: { [key]: CurrentAnswer } }`). */
  currentUrl?: string;
  /** Shows an answer saved elsewhere in place of the page's own (which had no unsaved edit). */
  adopt?: (key: string, answer: CurrentAnswer) => void;
}

export class Autosave {
  private revisions: Map<string, number>;
  readonly files: Record<string, unknown>;
  private dirty = new Set<string>();
  private timers = new Map<string, ReturnType<typeof setTimeout>>();
  private inflight = new Set<string>();
  private queued = new Set<string>();
  private chain: Promise<void> = Promise.resolve();
  private states = new Map<string, KeyState>();
  private listeners = new Set<() => void>();
  private failures = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private everSaved = false;
  private offline: boolean;
  private terminal: "locked" | "gone" | null = null;
  private text = "";
  private tone: StatusTone = "idle";
  private refreshing: Promise<void> | null = null;
  private refreshAgain = false;
  /** A refresh after this page's own saves: the status says "Saving…" until it is back. */
  private verifying = false;
  /** What the last refresh took over, until the next change here. */
  private notice: string | null = null;
  /** Tells the page's other windows that an answer was saved (set by the page). */
  announce: (() => void) | null = null;

  constructor(
    private readonly options: AutosaveOptions,
    private readonly env: AutosaveEnv,
  ) {
    this.revisions = new Map(Object.entries(options.revisions));
    this.files = { ...options.files };
    this.offline = !env.online;
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  statusText = () => this.text;
  statusTone = () => this.tone;
  keyState = (key: string) => this.states.get(key) ?? EMPTY_KEY_STATE;

  /** The revision this page would save over (for tests and the no-JavaScript fields). */
  revision(key: string): number {
    return this.revisions.get(key) ?? 0;
  }

  /** Changes that are not saved yet (typed, queued or in flight): the page warns before leaving. */
  hasUnsaved(): boolean {
    return this.dirty.size > 0 || this.inflight.size > 0;
  }

  /** Resolves when every save queued so far has finished. */
  settled(): Promise<void> {
    return this.chain;
  }

  /** Publishes the first status (the page calls it once mounted). */
  start() {
    this.emit();
  }

  setOnline(online: boolean) {
    if (!online) {
      this.offline = true;
      this.emit();
      return;
    }
    this.offline = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.sendDirty();
  }

  schedule(key: string) {
    if (this.terminal) return;
    this.notice = null;
    this.dirty.add(key);
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.send(key);
      }, DEBOUNCE_MS),
    );
    this.emit();
  }

  flushAll(keepalive = false) {
    for (const [key, timer] of this.timers) {
      clearTimeout(timer);
      this.timers.delete(key);
    }
    for (const key of this.options.order) if (this.dirty.has(key)) this.send(key, keepalive);
  }

  keepMine(key: string, theirs: CurrentAnswer) {
    this.revisions.set(key, theirs.revision);
    this.setState(key, EMPTY_KEY_STATE);
    this.dirty.add(key);
    this.send(key);
  }

  /** Takes over a newer stored revision unless this page is editing that answer. */
  syncFromServer(key: string, revision: number, value: unknown): boolean {
    if (revision <= (this.revisions.get(key) ?? 0)) return false;
    if (this.dirty.has(key) || this.inflight.has(key) || this.queued.has(key) || this.keyState(key).conflict) return false;
    this.revisions.set(key, revision);
    this.files[key] = value;
    return true;
  }

  /**
   * Reads the page's stored answers and takes over each one saved elsewhere since this page got
   * its revision: where the page has no unsaved edit of it, the stored answer replaces the shown one
   * (`adopt`); where it has (typed, waiting to be sent, or refused), the vendor chooses (a conflict).
   * An answer being sent now is left to its save's reply. Calls during a refresh run one more after it.
   */
  refresh(): Promise<void> {
    const url = this.options.currentUrl;
    const load = this.env.load;
    if (!url || !load || this.terminal) return Promise.resolve();
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    const run = async () => {
      do {
        this.refreshAgain = false;
        try {
          const response = await load(url);
          if (!response.ok) break;
          const body = (await response.json()) as { answers?: Record<string, CurrentAnswer> };
          this.applyStored(body.answers ?? {});
        } catch {
          break; // offline or the server is away: the next focus or save asks again
        }
      } while (this.refreshAgain && !this.terminal);
    };
    this.refreshing = run().finally(() => {
      this.refreshing = null;
      this.verifying = false;
      this.emit();
    });
    return this.refreshing;
  }

  /** Compares stored answers with the page's (see refresh). */
  applyStored(stored: Record<string, CurrentAnswer>) {
    const taken: CurrentAnswer[] = [];
    for (const key of this.options.order) {
      const theirs = stored[key];
      if (!theirs || theirs.revision <= this.revision(key) || this.inflight.has(key)) continue;
      const state = this.keyState(key);
      if (state.conflict) {
        if (theirs.revision > state.conflict.revision) this.setState(key, { error: null, conflict: theirs });
      } else if (this.dirty.has(key) || this.queued.has(key) || state.error) {
        const timer = this.timers.get(key);
        if (timer) clearTimeout(timer);
        this.timers.delete(key);
        this.dirty.delete(key);
        this.setState(key, { error: null, conflict: theirs });
      } else {
        this.revisions.set(key, theirs.revision);
        this.files[key] = theirs.value;
        this.options.adopt?.(key, theirs);
        taken.push(theirs);
      }
    }
    if (taken.length) {
      const n = taken.length === 1 ? "1 answer" : `${taken.length} answers`;
      this.notice = `Updated ${n} to what was saved ${whereSaved(taken)}.`;
    }
    this.emit();
  }

  acceptTheirs(key: string, theirs: CurrentAnswer) {
    this.revisions.set(key, theirs.revision);
    this.files[key] = theirs.value;
    this.dirty.delete(key);
    this.setState(key, EMPTY_KEY_STATE);
    this.emit();
  }

  /** The page is going away: what is not saved yet goes out as beacons (no answer is read). */
  pageHide() {
    if (!this.env.sendBeacon) return;
    for (const key of [...this.dirty]) {
      if (this.keyState(key).conflict || !this.options.isVisible(key)) continue;
      const built = this.options.build(key);
      if ("error" in built) continue;
      this.env.sendBeacon(this.options.url, new Blob([this.body(key, built)], { type: "application/json" }));
    }
  }

  private sendDirty() {
    for (const key of this.options.order) if (this.dirty.has(key) && !this.timers.has(key)) this.send(key);
  }

  private body(key: string, payload: Payload) {
    return JSON.stringify({ questionKey: key, componentId: this.options.componentId, ...payload, baseRevision: this.revisions.get(key) ?? 0 });
  }

  /**
   * Saves go out one at a time, in page order: an answer that a later question's condition reads
   * is saved before that question's answer (the server checks the condition on what is stored).
   */
  private send(key: string, keepalive = false) {
    const at = this.options.order.indexOf(key);
    for (const earlier of this.options.order.slice(0, Math.max(at, 0))) {
      const timer = this.timers.get(earlier);
      if (timer && this.dirty.has(earlier)) {
        clearTimeout(timer);
        this.timers.delete(earlier);
        this.enqueue(earlier, keepalive);
      }
    }
    this.enqueue(key, keepalive);
  }

  private enqueue(key: string, keepalive: boolean) {
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.chain = this.chain.then(() => {
      this.queued.delete(key);
      return this.sendNow(key, keepalive).catch(() => undefined);
    });
  }

  private async sendNow(key: string, keepalive: boolean) {
    if (this.terminal || this.inflight.has(key) || !this.dirty.has(key)) return;
    if (this.keyState(key).conflict) return; // waits for the vendor's choice
    if (!this.options.isVisible(key)) {
      this.dirty.delete(key); // a hidden question's answer is not saved (the server would refuse it)
      this.emit();
      return;
    }
    const built = this.options.build(key);
    if ("error" in built) {
      this.dirty.delete(key);
      this.setState(key, { error: built.error, conflict: null });
      this.emit();
      return;
    }
    this.dirty.delete(key);
    this.inflight.add(key);
    this.emit();
    let retry = false;
    let saved = false;
    try {
      const response = await this.env.fetch(this.options.url, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: this.body(key, built),
        credentials: "same-origin",
        keepalive,
      });
      if (response.status >= 500 || response.status === 429 || response.status === 408) throw new Error(`HTTP ${response.status}`);
      const result = (await response.json().catch(() => ({}))) as { status?: string; revision?: number; current?: CurrentAnswer; error?: { message?: string } };
      this.failures = 0;
      if (response.ok && typeof result.revision === "number") {
        this.revisions.set(key, result.revision);
        this.everSaved = true;
        saved = true;
        this.setState(key, EMPTY_KEY_STATE);
      } else if (response.status === 409 && result.current) {
        this.setState(key, { error: null, conflict: result.current });
      } else if (response.status === 400 || response.status === 413 || (response.status === 409 && result.error?.message)) {
        // Invalid, too large, or refused for this question alone (changes requested on others).
        this.setState(key, { error: result.error?.message ?? "This answer could not be saved", conflict: null });
      } else if (response.status === 423) {
        this.terminal = "locked";
      } else {
        this.terminal = "gone";
      }
    } catch {
      this.dirty.add(key);
      this.failures += 1;
      retry = true;
    } finally {
      this.inflight.delete(key);
    }
    if (retry) this.scheduleRetry();
    else if (this.dirty.has(key) && !this.timers.has(key) && !this.retryTimer) this.enqueue(key, false);
    if (saved) this.announce?.();
    if (!retry && !this.terminal) this.compareAfterSaves();
    this.emit();
  }

  /** Once nothing is pending here, the page is compared with what is stored (before "All changes saved"). */
  private compareAfterSaves() {
    if (this.dirty.size || this.inflight.size || this.queued.size || !this.options.currentUrl || !this.env.load) return;
    this.verifying = true;
    void this.refresh();
  }

  private scheduleRetry() {
    if (this.retryTimer) return;
    if (this.offline) return; // setOnline(true) sends again
    const delay = Math.min(MAX_RETRY_MS, 1000 * 2 ** Math.max(0, this.failures - 1));
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.sendDirty();
    }, delay);
  }

  private setState(key: string, state: KeyState) {
    const old = this.keyState(key);
    if (old.error === state.error && old.conflict === state.conflict) return;
    if (!state.error && !state.conflict) this.states.delete(key);
    else this.states.set(key, state);
  }

  private emit() {
    const pending = this.dirty.size + this.inflight.size + (this.verifying ? 1 : 0);
    let errors = 0;
    const conflicts: CurrentAnswer[] = [];
    for (const s of this.states.values()) {
      if (s.conflict) conflicts.push(s.conflict);
      else if (s.error) errors += 1;
    }
    let text: string;
    let tone: StatusTone;
    if (this.terminal === "locked") [text, tone] = ["This questionnaire has been submitted: answers are locked and changes were not saved.", "error"];
    else if (this.terminal === "gone") [text, tone] = ["Your session has ended: changes were not saved. Open the link from your email again.", "error"];
    else if (this.failures > 0 && pending) {
      [text, tone] = this.offline
        ? ["You are offline. Your changes will be saved when the connection is back.", "error"]
        : [`Couldn't save — retrying (${this.failures})`, "error"];
    } else if (conflicts.length)
      [text, tone] = [
        `${conflicts.length === 1 ? "An answer was" : `${conflicts.length} answers were`} changed ${whereSaved(conflicts)}: choose which to keep.`,
        "warn",
      ];
    else if (pending) [text, tone] = ["Saving…", "busy"];
    else if (errors) [text, tone] = [`${errors === 1 ? "An answer needs" : `${errors} answers need`} correcting before it can be saved.`, "warn"];
    else if (this.notice) [text, tone] = [this.notice, "ok"];
    else if (this.everSaved) [text, tone] = ["All changes saved", "ok"];
    else [text, tone] = ["", "idle"];
    this.text = text;
    this.tone = tone;
    for (const listener of this.listeners) listener();
  }
}

/** Where answers saved elsewhere came from, for the status line: this contact's other window, a named colleague, or both. */
export function whereSaved(answers: readonly CurrentAnswer[]): string {
  if (answers.every((a) => a.byYou)) return "in another window or tab";
  if (answers.some((a) => a.byYou)) return "elsewhere";
  const names = new Set(answers.map((a) => a.updatedBy));
  const [only] = [...names];
  if (names.size === 1 && only) return `by ${only}`;
  return answers.length === 1 ? "by a colleague" : "by colleagues";
}
