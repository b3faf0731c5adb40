import fc from "fast-check";
import { addDays, daysUntilDue, dueDeadline, dueReminders, reminderMoment, startOfDay, type ReminderKind } from "~/domain/reminders";

const DAY = 86_400_000;
const at = (iso: string) => new Date(iso);

describe("dueReminders", () => {
  const due = "2027-03-20";

  it("sends nothing before the first reminder day", () => {
    expect(dueReminders(due, at("2027-03-12T23:59:59Z"), [])).toEqual([]);
  });

  it("sends the 7-, 3- and 1-day reminders from the start of those days", () => {
    expect(dueReminders(due, at("2027-03-13T00:00:00Z"), [])).toEqual(["due_7"]);
    expect(dueReminders(due, at("2027-03-16T23:00:00Z"), ["due_7"])).toEqual([]);
    expect(dueReminders(due, at("2027-03-17T00:00:00Z"), ["due_7"])).toEqual(["due_3"]);
    expect(dueReminders(due, at("2027-03-19T08:00:00Z"), ["due_7", "due_3"])).toEqual(["due_1"]);
    expect(dueReminders(due, at("2027-03-20T23:59:59Z"), ["due_7", "due_3", "due_1"])).toEqual([]);
  });

  it("after a pause sends only the nearest reminder, never a burst of old ones", () => {
    expect(dueReminders(due, at("2027-03-19T12:00:00Z"), [])).toEqual(["due_1"]);
    // ...and does not go back to the skipped ones afterwards.
    expect(dueReminders(due, at("2027-03-19T13:00:00Z"), ["due_1"])).toEqual([]);
  });

  it("skips reminders whose moment came before the contact got access", () => {
    const issuedAt = at("2027-03-15T10:00:00Z"); // after the 7-day moment (13 March), before the 3-day one (17 March)
    expect(dueReminders(due, at("2027-03-15T11:00:00Z"), [], [7, 3, 1], { issuedAt })).toEqual([]);
    expect(dueReminders(due, at("2027-03-17T00:00:00Z"), [], [7, 3, 1], { issuedAt })).toEqual(["due_3"]);
  });

  it("is overdue once the due date has ended, and escalates two days later", () => {
    expect(dueReminders(due, at("2027-03-21T00:00:00Z"), ["due_1"])).toEqual(["overdue"]);
    expect(dueReminders(due, at("2027-03-22T23:59:59Z"), ["overdue"])).toEqual([]);
    expect(dueReminders(due, at("2027-03-23T00:00:00Z"), ["overdue"])).toEqual(["escalation"]);
    expect(dueReminders(due, at("2027-03-30T00:00:00Z"), [])).toEqual(["overdue", "escalation"]);
    expect(dueReminders(due, at("2027-03-30T00:00:00Z"), ["overdue", "escalation"])).toEqual([]);
  });

  it("takes other reminder days", () => {
    expect(dueReminders(due, at("2027-03-06T00:00:00Z"), [], [14, 2])).toEqual(["due_14"]);
    expect(dueReminders(due, at("2027-03-18T00:00:00Z"), ["due_14"], [14, 2])).toEqual(["due_2"]);
    expect(dueReminders(due, at("2027-03-18T00:00:00Z"), [], [])).toEqual([]);
  });

  it("counts days and dates in UTC", () => {
    expect(dueDeadline(due).toISOString()).toBe("2027-03-21T00:00:00.000Z");
    expect(reminderMoment(due, 3).toISOString()).toBe("2027-03-17T00:00:00.000Z");
    expect(addDays("2027-02-27", 2)).toBe("2027-03-01");
    expect(daysUntilDue(due, at("2027-03-17T23:00:00Z"))).toBe(3);
    expect(daysUntilDue(due, at("2027-03-22T01:00:00Z"))).toBe(-2);
    expect(() => startOfDay("2027-02-30")).toThrow();
    expect(() => startOfDay("20 March")).toThrow();
  });
});

describe("dueReminders, properties", () => {
  const arbDue = fc.integer({ min: Date.UTC(2025, 0, 1) / DAY, max: Date.UTC(2035, 0, 1) / DAY }).map((d) => new Date(d * DAY).toISOString().slice(0, 10));
  const arbOffsets = fc.uniqueArray(fc.integer({ min: 1, max: 60 }), { minLength: 0, maxLength: 5 });
  const kindsFor = (offsets: number[]): string[] => [...offsets.map((n) => `due_${n}`), "overdue", "escalation"];

  it("never returns a kind that was already sent", () => {
    const arbCase = arbOffsets.chain((offsets) =>
      fc.record({
        offsets: fc.constant(offsets),
        sent: fc.subarray(kindsFor(offsets)),
        extra: fc.array(fc.string(), { maxLength: 3 }),
        ms: fc.integer({ min: -70 * DAY, max: 20 * DAY }),
      }),
    );
    fc.assert(
      fc.property(arbDue, arbCase, (due, { offsets, sent, extra, ms }) => {
        const now = new Date(startOfDay(due) + ms);
        const already = [...sent, ...extra];
        return dueReminders(due, now, already, offsets).every((k) => !already.includes(k)) && dueReminders(due, now, kindsFor(offsets), offsets).length === 0;
      }),
    );
  });

  it("is overdue only after the due date, escalates only two days after it, and never mixes in due reminders then", () => {
    fc.assert(
      fc.property(arbDue, arbOffsets, fc.integer({ min: -70 * DAY, max: 20 * DAY }), (due, offsets, ms) => {
        const now = new Date(startOfDay(due) + ms);
        const kinds = dueReminders(due, now, [], offsets);
        const deadline = dueDeadline(due).getTime();
        if (kinds.includes("overdue") !== now.getTime() >= deadline) return false;
        if (kinds.includes("escalation") !== now.getTime() >= deadline + 2 * DAY) return false;
        const dueKinds = kinds.filter((k) => k.startsWith("due_"));
        if (now.getTime() >= deadline) return dueKinds.length === 0;
        return dueKinds.length <= 1 && dueKinds.every((k) => reminderMoment(due, Number(k.slice(4))).getTime() <= now.getTime());
      }),
    );
  });

  it("over any run of sweeps sends each kind at most once, and always ends overdue and escalated", () => {
    fc.assert(
      fc.property(
        arbDue,
        arbOffsets,
        fc.array(fc.integer({ min: 1, max: 3 * DAY }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 0, max: 70 * DAY }),
        (due, offsets, steps, startBefore) => {
          const sent: ReminderKind[] = [];
          let now = startOfDay(due) - startBefore;
          const issuedAt = new Date(now);
          for (const step of steps) {
            sent.push(...dueReminders(due, new Date(now), sent, offsets, { issuedAt }));
            now += step;
          }
          // A last sweep well after the due date.
          sent.push(...dueReminders(due, new Date(Math.max(now, dueDeadline(due).getTime() + 3 * DAY)), sent, offsets, { issuedAt }));
          return new Set(sent).size === sent.length && sent.includes("overdue") && sent.includes("escalation");
        },
      ),
    );
  });

  it("ignores the order and duplicates of the reminder days", () => {
    fc.assert(
      fc.property(arbDue, arbOffsets, fc.integer({ min: -70 * DAY, max: 20 * DAY }), (due, offsets, ms) => {
        const now = new Date(startOfDay(due) + ms);
        const a = dueReminders(due, now, [], offsets);
        const b = dueReminders(due, now, [], [...offsets, ...offsets].reverse());
        return JSON.stringify(a) === JSON.stringify(b);
      }),
    );
  });
});
