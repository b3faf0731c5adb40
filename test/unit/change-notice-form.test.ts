import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderEmail } from "../../emails";
import { addDays, calendarDate, today } from "../../app/domain/calendar";
import {
  CHANGE_KIND_OPTIONS,
  CHANGE_MESSAGES,
  changedSinceReview,
  changeNoticeSchema,
  isFutureChange,
  vendorLinkDestination,
} from "../../app/domain/deadlines/change-notice-form";
import { CHANGE_KINDS } from "../../app/domain/deadlines/next-reassessment";

const ID = "0b6f1c2e-7a4d-4c1e-9f3b-2d5e6a7b8c9d";
const valid = { componentId: ID, kind: "retrain", occurredOn: "2026-11-30", description: " Retrained on new data. " };
const messageOf = (input: Record<string, unknown>) => {
  const parsed = changeNoticeSchema.safeParse(input);
  return parsed.success ? null : parsed.error.issues[0]!.message;
};

describe("change-notice form", () => {
  it("accepts a real past day, a known kind and a description (trimmed)", () => {
    expect(changeNoticeSchema.parse(valid)).toEqual({ ...valid, description: "Retrained on new data." });
  });

  it("names what is wrong", () => {
    expect(messageOf({ ...valid, occurredOn: "2026-02-30" })).toBe(CHANGE_MESSAGES.dateFormat);
    expect(messageOf({ ...valid, occurredOn: "30/11/2026" })).toBe(CHANGE_MESSAGES.dateFormat);
    expect(messageOf({ ...valid, occurredOn: " " })).toBe(CHANGE_MESSAGES.dateRequired);
    expect(messageOf({ ...valid, occurredOn: undefined })).toBe(CHANGE_MESSAGES.dateRequired);
    expect(messageOf({ ...valid, kind: "rebrand" })).toBe(CHANGE_MESSAGES.kind);
    expect(messageOf({ ...valid, componentId: "nope" })).toBe(CHANGE_MESSAGES.component);
    expect(messageOf({ ...valid, description: "  " })).toBe(CHANGE_MESSAGES.descriptionRequired);
    expect(messageOf({ ...valid, description: "x".repeat(4001) })).toBe(CHANGE_MESSAGES.descriptionTooLong);
  });

  it("offers every kind, labelled", () => {
    expect(CHANGE_KIND_OPTIONS.map((o) => o.value)).toEqual([...CHANGE_KINDS]);
    expect(CHANGE_KIND_OPTIONS[0]).toEqual({ value: "model_version", label: "New model version" });
  });

  it("a change is in the future exactly when it is after today (UTC)", () => {
    const now = new Date("2026-12-02T23:59:00Z");
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 1000 }), (days) => {
        expect(isFutureChange(addDays(today(now), days), now)).toBe(days > 0);
      }),
    );
    expect(isFutureChange(calendarDate("2026-12-02"), now)).toBe(false);
  });

  it("is changed since the last review while any notice is unreviewed", () => {
    expect(changedSinceReview([])).toBe(false);
    expect(changedSinceReview([{ reviewedAt: new Date() }])).toBe(false);
    expect(changedSinceReview([{ reviewedAt: new Date() }, { reviewedAt: null }])).toBe(true);
  });

  it("a link goes to the change page only for next=changes; anything else is the overview", () => {
    expect(vendorLinkDestination("changes")).toBe("changes");
    fc.assert(
      fc.property(fc.anything(), (value) => {
        expect(vendorLinkDestination(value)).toBe(value === "changes" ? "changes" : null);
      }),
    );
    for (const v of ["https://evil.example", "//evil", "/login", "Changes", " changes", null, undefined]) expect(vendorLinkDestination(v)).toBeNull();
  });

  it("invitations and reminders carry the standing 'report a change' link", async () => {
    const url = "https://assay.example/v/abc";
    const reminder = await renderEmail("assessment-reminder", { contactName: "Sam", supplierName: "Acme", dueDate: "1 Jan 2027", daysLeft: 7, url });
    const invitation = await renderEmail("assessment-invitation", {
      contactName: "Sam",
      supplierName: "Acme",
      message: null,
      issuedBy: "Pat",
      questionnaireName: "AI due diligence",
      dueDate: "1 Jan 2027",
      validUntil: "8 Jan 2027",
      url,
    });
    for (const mail of [reminder, invitation]) {
      expect(mail.text).toContain("Report a change to an AI component");
      expect(mail.html).toContain(`href="${url}?next=changes"`);
    }
  });
});
