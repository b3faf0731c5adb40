// The findings' statuses (app/domain/review/findings.ts and finding-forms.ts): OSCAL-aligned, moves
// refused in words, the statuses each move allows match the table, and a due date is a real day.
import fc from "fast-check";
import type { CalendarDate } from "~/domain/calendar";
import { DUE_DATE_MESSAGE, findingDueDateProblem, raiseFindingSchema } from "~/domain/review/finding-forms";
import {
  FINDING_STATUSES,
  findingRaiseRefusal,
  findingStatusesAllowing,
  findingTransition,
  isFindingOverdue,
  manualMoves,
  OSCAL_RISK_STATUS,
  vendorResponseRefusal,
  type FindingEvent,
} from "~/domain/review/findings";
import { ASSESSMENT_STATUSES } from "~/domain/assessment-lifecycle";

const EVENTS: FindingEvent[] = ["start_remediation", "accept_risk", "close", "reopen", "acceptance_expired"];

describe("finding statuses", () => {
  it("map to OSCAL's risk statuses", () => {
    expect(OSCAL_RISK_STATUS).toEqual({ open: "open", remediating: "remediating", risk_accepted: "deviation-approved", closed: "closed" });
  });

  it("allow exactly the moves of the table, and refuse the others in words", () => {
    const allowed = Object.fromEntries(FINDING_STATUSES.map((s) => [s, EVENTS.filter((e) => findingTransition(s, e).ok)]));
    expect(allowed).toEqual({
      open: ["start_remediation", "accept_risk", "close"],
      remediating: ["accept_risk", "close", "reopen"],
      risk_accepted: ["close", "reopen", "acceptance_expired"],
      closed: ["reopen"],
    });
    expect(findingTransition("closed", "close")).toEqual({ ok: false, reason: "A finding that is closed cannot be closed." });
    expect(findingTransition("risk_accepted", "accept_risk")).toEqual({ ok: false, reason: "A finding that is risk accepted cannot be risk-accepted." });
  });

  it("agree with findingStatusesAllowing and manualMoves (property)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...FINDING_STATUSES), fc.constantFrom(...EVENTS), (status, event) => {
        const ok = findingTransition(status, event).ok;
        const listed = findingStatusesAllowing(event).includes(status);
        const manual = event === "start_remediation" || event === "close" || event === "reopen" ? manualMoves(status).includes(event) === ok : true;
        return ok === listed && manual;
      }),
    );
  });

  it("are overdue only while active and past the due date", () => {
    expect(isFindingOverdue("open", "2026-12-01", "2026-12-02")).toBe(true);
    expect(isFindingOverdue("remediating", "2026-12-01", "2026-12-02")).toBe(true);
    expect(isFindingOverdue("open", "2026-12-02", "2026-12-02")).toBe(false);
    expect(isFindingOverdue("closed", "2026-12-01", "2026-12-02")).toBe(false);
    expect(isFindingOverdue("risk_accepted", "2026-12-01", "2026-12-02")).toBe(false);
    expect(isFindingOverdue("open", null, "2026-12-02")).toBe(false);
  });

  it("take a vendor response only while active", () => {
    expect(FINDING_STATUSES.filter((s) => vendorResponseRefusal(s) === null)).toEqual(["open", "remediating"]);
    expect(vendorResponseRefusal("closed")).toBe("This finding is closed: it needs no response.");
  });

  it("are raised only on submitted (and not closed) assessments", () => {
    expect(ASSESSMENT_STATUSES.filter((s) => findingRaiseRefusal(s) === null)).toEqual([
      "submitted",
      "in_review",
      "changes_requested",
      "resubmitted",
      "decided",
      "expired",
    ]);
  });
});

describe("a finding's due date", () => {
  const form = (dueDate: string) => raiseFindingSchema.safeParse({ title: "T", severity: "high", ownerId: "00000000-0000-4000-8000-000000000001", dueDate });
  it("is a real day, in the form and in the service", () => {
    for (const bad of ["2027-02-30", "2027-04-31", "2027-13-01", "31/03/2027", "soon"]) {
      expect(
        form(bad).error?.issues.map((i) => [i.path.join("."), i.message]),
        bad,
      ).toEqual([["dueDate", DUE_DATE_MESSAGE]]);
      expect(findingDueDateProblem(bad, "2026-12-02" as CalendarDate)).toBe(DUE_DATE_MESSAGE);
    }
    expect(form("").error?.issues[0]?.message).toBe("Enter a due date");
    expect(form("2028-02-29").success).toBe(true);
  });
  it("is today or later", () => {
    const today = "2026-12-02" as CalendarDate;
    expect(findingDueDateProblem("2026-12-01", today)).toBe("The due date is in the past: choose today or a later day");
    expect(findingDueDateProblem("2026-12-02", today)).toBeNull();
  });
  it("refuses an unknown severity and a missing title", () => {
    const parsed = raiseFindingSchema.safeParse({ title: " ", severity: "severe", ownerId: "00000000-0000-4000-8000-000000000001", dueDate: "2027-01-01" });
    expect(parsed.error?.issues.map((i) => i.path.join("."))).toEqual(["title", "severity"]);
  });
});
