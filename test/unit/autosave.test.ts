// The answering page's autosave machine, with fake timers, a fake fetch and a fake beacon: the
// debounce, saving in page order, retry with backoff, offline, conflicts, locked/ended sessions and
// the beacon when the page goes away; taking over what another window or a colleague saved.
import type { CurrentAnswer } from "~/domain/answers";
import {
  Autosave,
  DEBOUNCE_MS,
  whereSaved,
  MAX_RETRY_MS,
  type AutosaveEnv,
  type AutosaveOptions,
  type Payload,
  type SaveResponse,
} from "~/components/vendor/autosave";

type Reply = { status: number; body?: unknown } | "network";

function harness(options: Partial<AutosaveOptions> & { online?: boolean; beacon?: boolean; stored?: Record<string, CurrentAnswer> } = {}) {
  /** What the server has stored now (GET of the page's answers); without it the machine never reads. */
  const stored = options.stored;
  const loads: string[] = [];
  const adopted: Array<[string, unknown]> = [];
  const replies: Reply[] = [];
  const requests: Array<{ questionKey: string; baseRevision: number; value: unknown; keepalive: boolean }> = [];
  const beacons: Array<{ url: string; body: Promise<string> }> = [];
  const values: Record<string, Payload | { error: string }> = {};
  const hidden = new Set<string>();
  const env: AutosaveEnv = {
    fetch: async (_url, init) => {
      const body = JSON.parse(init.body) as { questionKey: string; baseRevision: number; value: unknown };
      requests.push({ ...body, keepalive: init.keepalive });
      const reply = replies.shift() ?? { status: 200, body: { status: "saved", revision: body.baseRevision + 1 } };
      if (reply === "network") throw new TypeError("Failed to fetch");
      const response: SaveResponse = { status: reply.status, ok: reply.status >= 200 && reply.status < 300, json: async () => reply.body ?? {} };
      return response;
    },
    sendBeacon: options.beacon === false ? null : (url, data) => (beacons.push({ url, body: data.text() }), true),
    online: options.online ?? true,
    load: stored
      ? async (url) => {
          loads.push(url);
          return { status: 200, ok: true, json: async () => ({ answers: structuredClone(stored) }) };
        }
      : undefined,
  };
  const saver = new Autosave(
    {
      url: "/v/a/1/answers",
      componentId: null,
      revisions: { a: 1 },
      files: {},
      order: ["a", "b", "c"],
      build: (key) => values[key] ?? { value: `value of ${key}`, isNa: false, comment: null },
      isVisible: (key) => !hidden.has(key),
      currentUrl: stored ? "/v/a/1/answers?section=s" : undefined,
      adopt: (key, answer) => adopted.push([key, answer.value]),
      ...options,
    },
    env,
  );
  saver.start();
  /** Runs timers by `ms` and lets every queued save finish. */
  const advance = async (ms: number) => {
    await vi.advanceTimersByTimeAsync(ms);
    await saver.settled();
  };
  return { saver, replies, requests, beacons, values, hidden, advance, stored: stored ?? {}, loads, adopted };
}

const conflict = { value: "theirs", isNa: false, comment: null, revision: 5, updatedBy: "Ann (ann@example.com)", updatedAt: "2027-01-01T10:00:00.000Z" };

describe("Autosave", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("saves a question once, 800 ms after its last change, over its known revision", async () => {
    const { saver, requests, advance } = harness();
    saver.schedule("a");
    await advance(DEBOUNCE_MS - 100);
    saver.schedule("a");
    await advance(DEBOUNCE_MS - 1);
    expect(requests).toHaveLength(0);
    expect(saver.statusText()).toBe("Saving…");
    expect(saver.hasUnsaved()).toBe(true);
    await advance(1);
    expect(requests).toEqual([{ questionKey: "a", componentId: null, baseRevision: 1, value: "value of a", isNa: false, comment: null, keepalive: false }]);
    expect(saver.revision("a")).toBe(2);
    expect(saver.statusText()).toBe("All changes saved");
    expect(saver.hasUnsaved()).toBe(false);
  });

  it("sends an earlier question's pending answer first (a later condition reads it)", async () => {
    const { saver, requests, advance } = harness();
    saver.schedule("a");
    await advance(400);
    saver.schedule("c");
    saver.flushAll();
    await advance(0);
    expect(requests.map((r) => r.questionKey)).toEqual(["a", "c"]);
  });

  it("retries a failed save with growing delays (1 s, 2 s, 4 s … at most 30 s) and says so", async () => {
    const { saver, replies, requests, advance } = harness();
    replies.push("network", { status: 503 }, "network", { status: 429 }, "network", "network", "network");
    saver.schedule("a");
    await advance(DEBOUNCE_MS);
    expect(requests).toHaveLength(1);
    expect(saver.statusText()).toBe("Couldn't save — retrying (1)");
    expect(saver.statusTone()).toBe("error");
    await advance(999);
    expect(requests).toHaveLength(1);
    await advance(1);
    expect(requests).toHaveLength(2);
    expect(saver.statusText()).toBe("Couldn't save — retrying (2)");
    await advance(1999);
    expect(requests).toHaveLength(2);
    await advance(1);
    expect(requests).toHaveLength(3);
    await advance(4000);
    expect(requests).toHaveLength(4);
    await advance(8000);
    expect(requests).toHaveLength(5);
    await advance(16_000);
    expect(requests).toHaveLength(6);
    // 32 s would be next: capped at 30 s.
    await advance(MAX_RETRY_MS - 1);
    expect(requests).toHaveLength(6);
    await advance(1);
    expect(requests).toHaveLength(7);
    // Then it works: the same answer over the same revision, and the failure count starts again.
    await advance(MAX_RETRY_MS);
    expect(requests).toHaveLength(8);
    expect(new Set(requests.map((r) => r.baseRevision))).toEqual(new Set([1]));
    expect(saver.statusText()).toBe("All changes saved");
    expect(saver.revision("a")).toBe(2);
  });

  it("waits while offline and sends when the connection is back", async () => {
    const { saver, replies, requests, advance } = harness();
    replies.push("network");
    saver.schedule("a");
    saver.setOnline(false);
    await advance(DEBOUNCE_MS);
    expect(requests).toHaveLength(1);
    expect(saver.statusText()).toBe("You are offline. Your changes will be saved when the connection is back.");
    await advance(60_000);
    expect(requests).toHaveLength(1);
    saver.setOnline(true);
    await advance(0);
    expect(requests).toHaveLength(2);
    expect(saver.statusText()).toBe("All changes saved");
  });

  it("starts offline when the browser says so", async () => {
    const { saver, replies, requests, advance } = harness({ online: false });
    replies.push("network");
    saver.schedule("b");
    await advance(DEBOUNCE_MS + 60_000);
    expect(requests).toHaveLength(1);
    expect(saver.statusText()).toMatch(/^You are offline/);
  });

  it("holds a conflicting answer until the vendor chooses; 'Keep mine' saves over their revision", async () => {
    const { saver, replies, requests, advance } = harness();
    replies.push({ status: 409, body: { status: "conflict", current: conflict } });
    saver.schedule("a");
    await advance(DEBOUNCE_MS);
    expect(saver.keyState("a").conflict).toEqual(conflict);
    expect(saver.statusText()).toBe("An answer was changed by Ann (ann@example.com): choose which to keep.");
    // Further edits do not go out while the conflict stands.
    saver.schedule("a");
    await advance(DEBOUNCE_MS);
    expect(requests).toHaveLength(1);
    saver.keepMine("a", conflict);
    await advance(0);
    expect(requests.at(-1)).toMatchObject({ questionKey: "a", baseRevision: 5 });
    expect(saver.keyState("a").conflict).toBeNull();
    expect(saver.revision("a")).toBe(6);
  });

  it("'Use theirs' takes their revision and value and drops the pending change", async () => {
    const { saver, replies, requests, advance } = harness();
    replies.push({ status: 409, body: { status: "conflict", current: conflict } });
    saver.schedule("a");
    await advance(DEBOUNCE_MS);
    saver.acceptTheirs("a", conflict);
    expect(saver.revision("a")).toBe(5);
    expect(saver.files.a).toBe("theirs");
    expect(saver.hasUnsaved()).toBe(false);
    await advance(60_000);
    expect(requests).toHaveLength(1);
  });

  it("shows a refused answer's message and stops for good on a locked questionnaire or an ended session", async () => {
    const invalid = harness();
    invalid.replies.push({ status: 400, body: { status: "invalid", error: { path: "value", message: "Enter a number" } } });
    invalid.saver.schedule("a");
    await invalid.advance(DEBOUNCE_MS);
    expect(invalid.saver.keyState("a").error).toBe("Enter a number");
    expect(invalid.saver.statusText()).toBe("An answer needs correcting before it can be saved.");

    const locked = harness();
    locked.replies.push({ status: 423, body: { status: "locked" } });
    locked.saver.schedule("a");
    await locked.advance(DEBOUNCE_MS);
    expect(locked.saver.statusText()).toBe("This questionnaire has been submitted: answers are locked and changes were not saved.");
    locked.saver.schedule("b");
    await locked.advance(DEBOUNCE_MS * 2);
    expect(locked.requests).toHaveLength(1);

    const gone = harness();
    gone.replies.push({ status: 404 });
    gone.saver.schedule("a");
    await gone.advance(DEBOUNCE_MS);
    expect(gone.saver.statusText()).toBe("Your session has ended: changes were not saved. Open the link from your email again.");
  });

  it("a question not reopened while changes are requested shows its message by the question; the others still save", async () => {
    const { saver, replies, requests, advance } = harness();
    replies.push({ status: 409, body: { status: "not_reopened", error: { path: "questionKey", message: "The reviewer did not reopen this question." } } });
    saver.schedule("a");
    await advance(DEBOUNCE_MS);
    expect(saver.keyState("a")).toEqual({ error: "The reviewer did not reopen this question.", conflict: null });
    saver.schedule("b");
    await advance(DEBOUNCE_MS);
    expect(requests.map((r) => r.questionKey)).toEqual(["a", "b"]);
    expect(saver.keyState("b").error).toBeNull();
  });

  it("does not send a hidden question's answer, nor one the page refuses", async () => {
    const { saver, requests, values, hidden, advance } = harness();
    hidden.add("b");
    values.c = { error: "Keep the comment under 5000 characters" };
    saver.schedule("b");
    saver.schedule("c");
    await advance(DEBOUNCE_MS);
    expect(requests).toHaveLength(0);
    expect(saver.keyState("c").error).toBe("Keep the comment under 5000 characters");
    expect(saver.hasUnsaved()).toBe(false);
  });

  it("sends what is still unsaved as beacons when the page goes away, skipping conflicts and hidden questions", async () => {
    const { saver, replies, beacons, hidden, advance } = harness();
    replies.push({ status: 409, body: { status: "conflict", current: conflict } });
    saver.schedule("a");
    await advance(DEBOUNCE_MS);
    saver.schedule("a"); // in conflict: not beaconed
    saver.schedule("b");
    saver.schedule("c");
    hidden.add("c");
    saver.pageHide();
    expect(beacons.map((b) => b.url)).toEqual(["/v/a/1/answers"]);
    expect(JSON.parse(await beacons[0]!.body)).toEqual({
      questionKey: "b",
      componentId: null,
      value: "value of b",
      isNa: false,
      comment: null,
      baseRevision: 0,
    });
  });

  it("does nothing on page hide without sendBeacon", () => {
    const { saver, beacons } = harness({ beacon: false });
    saver.schedule("a");
    saver.pageHide();
    expect(beacons).toHaveLength(0);
  });

  it("takes a newer stored revision only for answers it is not editing", async () => {
    const { saver, advance } = harness();
    expect(saver.syncFromServer("a", 1, "same")).toBe(false);
    expect(saver.syncFromServer("a", 3, ["file-id"])).toBe(true);
    expect(saver.revision("a")).toBe(3);
    expect(saver.files.a).toEqual(["file-id"]);
    saver.schedule("b");
    expect(saver.syncFromServer("b", 4, null)).toBe(false);
    await advance(DEBOUNCE_MS);
  });

  it("flushes with keepalive when the page is left inside the app", async () => {
    const { saver, requests, advance } = harness();
    saver.schedule("b");
    saver.flushAll(true);
    await advance(0);
    expect(requests).toEqual([expect.objectContaining({ questionKey: "b", keepalive: true })]);
  });

  describe("answers saved elsewhere", () => {
    const fromOtherTab = (revision: number, value: unknown): CurrentAnswer => ({
      value,
      isNa: false,
      comment: null,
      revision,
      updatedBy: "Me (me@example.com)",
      updatedAt: "2027-01-01T10:00:00.000Z",
      byYou: true,
    });

    it("takes over a newer stored answer the page is not editing, and says so instead of 'All changes saved'", async () => {
      const { saver, stored, loads, adopted, advance } = harness({ stored: {} });
      saver.schedule("b");
      stored.b = fromOtherTab(1, "value of b"); // what this page's own save will store
      stored.a = fromOtherTab(2, "from the other tab");
      await advance(DEBOUNCE_MS);
      // After its own save, the page reads what is stored before it says anything is saved.
      expect(loads).toEqual(["/v/a/1/answers?section=s"]);
      expect(adopted).toEqual([["a", "from the other tab"]]);
      expect(saver.revision("a")).toBe(2);
      expect(saver.files.a).toBe("from the other tab");
      expect(saver.statusText()).toBe("Updated 1 answer to what was saved in another window or tab.");
      // The next change here replaces that news.
      saver.schedule("c");
      expect(saver.statusText()).toBe("Saving…");
      await advance(DEBOUNCE_MS);
      expect(saver.statusText()).toBe("All changes saved");
    });

    it("does not replace an answer with unsaved edits: the vendor chooses, worded for their other window", async () => {
      const { saver, stored, requests, adopted, advance } = harness({ stored: {} });
      saver.schedule("a"); // typed here, not sent yet
      stored.a = fromOtherTab(2, "from the other tab");
      await saver.refresh();
      expect(adopted).toEqual([]);
      expect(saver.keyState("a").conflict).toEqual(stored.a);
      expect(saver.statusText()).toBe("An answer was changed in another window or tab: choose which to keep.");
      await advance(DEBOUNCE_MS * 3);
      expect(requests).toHaveLength(0); // nothing goes out over the newer answer
      expect(saver.hasUnsaved()).toBe(false);
      saver.keepMine("a", stored.a!);
      await advance(0);
      expect(requests).toEqual([expect.objectContaining({ questionKey: "a", baseRevision: 2 })]);
    });

    it("names the colleague who saved, and updates a standing conflict to the newest answer", async () => {
      const { saver, replies, stored, advance } = harness({ stored: {} });
      replies.push({ status: 409, body: { status: "conflict", current: conflict } });
      saver.schedule("a");
      stored.a = conflict;
      await advance(DEBOUNCE_MS);
      expect(saver.statusText()).toBe("An answer was changed by Ann (ann@example.com): choose which to keep.");
      stored.a = { ...conflict, revision: 6, value: "newer", updatedBy: "Bo (bo@example.com)" };
      await saver.refresh();
      expect(saver.keyState("a").conflict).toMatchObject({ revision: 6, value: "newer" });
      expect(saver.statusText()).toBe("An answer was changed by Bo (bo@example.com): choose which to keep.");
    });

    it("leaves an answer being sent to its save's reply, and ignores what is not newer", async () => {
      const { saver, stored, adopted, advance } = harness({ stored: {} });
      stored.a = fromOtherTab(1, "same revision");
      await saver.refresh();
      expect(adopted).toEqual([]);
      saver.schedule("a");
      saver.flushAll();
      // The save (base 1) is in flight; a read in between sees it stored as revision 2 already.
      stored.a = fromOtherTab(2, "value of a");
      const reading = saver.refresh();
      await reading;
      await advance(0);
      expect(saver.keyState("a").conflict).toBeNull();
      expect(saver.revision("a")).toBe(2);
    });

    it("a field whose last edit was refused is not replaced silently either", async () => {
      const { saver, replies, stored, advance } = harness({ stored: {} });
      replies.push({ status: 400, body: { status: "invalid", error: { path: "value", message: "Enter a number" } } });
      saver.schedule("a");
      await advance(DEBOUNCE_MS);
      stored.a = fromOtherTab(2, "12");
      await saver.refresh();
      expect(saver.keyState("a").conflict).toMatchObject({ revision: 2 });
    });

    it("words a mix of windows and colleagues as 'elsewhere'", () => {
      expect(whereSaved([fromOtherTab(1, 1), conflict])).toBe("elsewhere");
      expect(whereSaved([{ ...conflict, updatedBy: null }])).toBe("by a colleague");
      expect(whereSaved([conflict, { ...conflict, updatedBy: "Bo" }])).toBe("by colleagues");
    });
  });
});
