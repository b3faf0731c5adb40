// The pure rules of risk acceptance (app/domain/review/risk-acceptance.ts): the expiry date is
// required, a real day and strictly after today; an acceptance is expired from its expiry day on;
// only an admin or the risk owner of an affected system may approve.
import fc from "fast-check";
import { addDays, parseCalendarDate, type CalendarDate } from "~/domain/calendar";
import {
  acceptanceFormSchema,
  approverProblem,
  EXPIRY_FORMAT_MESSAGE,
  EXPIRY_PAST_MESSAGE,
  EXPIRY_REQUIRED_MESSAGE,
  expiryProblem,
  isActive,
  isExpired,
  mayApprove,
  validateAcceptance,
} from "~/domain/review/risk-acceptance";
import { ROLES } from "~/domain/permissions";

const TODAY = "2026-12-02" as CalendarDate;
/** Any real day between 1990 and 2100. */
const arbDay = fc.integer({ min: 0, max: 40_000 }).map((n) => addDays("1990-01-01" as CalendarDate, n));
const person = (role: (typeof ROLES)[number], id = "p") => ({ id, name: `Person ${id}`, role, disabled: false });

describe("the expiry date of a risk acceptance", () => {
  it("is required", () => {
    for (const missing of [null, undefined, "", "   "]) expect(expiryProblem(missing, TODAY)).toBe(EXPIRY_REQUIRED_MESSAGE);
  });

  it("must be a real day", () => {
    for (const bad of ["2027-02-30", "2027-13-01", "31/03/2027", "tomorrow", "2027-2-3", "20270203"])
      expect(expiryProblem(bad, TODAY), bad).toBe(EXPIRY_FORMAT_MESSAGE);
  });

  it("is accepted exactly when it is strictly after today (property)", () => {
    fc.assert(
      fc.property(arbDay, arbDay, (today, expiry) => {
        const problem = expiryProblem(expiry, today);
        if (expiry > today) return problem === null;
        return problem === EXPIRY_PAST_MESSAGE;
      }),
    );
  });

  it("makes an acceptance expired on and after that day, never before (property)", () => {
    fc.assert(
      fc.property(arbDay, fc.integer({ min: -400, max: 400 }), (expiry, offset) => {
        const day = addDays(expiry, offset);
        return isExpired(expiry, day) === offset >= 0;
      }),
    );
  });

  it("gives an acceptance that was valid when recorded at least one day in force (property)", () => {
    fc.assert(
      fc.property(arbDay, arbDay, (today, expiry) => {
        fc.pre(expiryProblem(expiry, today) === null);
        return isActive({ expiresOn: expiry, revokedAt: null, expiredAt: null }, today) && !isExpired(expiry, today);
      }),
    );
  });

  it("is checked in the form's shape too (required, real day), today's rule left to validateAcceptance", () => {
    const form = (expiresOn: string) => acceptanceFormSchema.safeParse({ rationale: "Why", approverId: "00000000-0000-4000-8000-000000000001", expiresOn });
    expect(form("").error?.issues[0]?.message).toBe(EXPIRY_REQUIRED_MESSAGE);
    expect(form("2027-02-30").error?.issues[0]?.message).toBe(EXPIRY_FORMAT_MESSAGE);
    expect(form("2027-02-28").success).toBe(true);
    expect(parseCalendarDate("2028-02-29")).not.toBeNull();
    expect(form("2028-02-29").success).toBe(true);
  });
});

describe("who may approve a risk acceptance", () => {
  it("is any admin, whatever the affected systems", () => {
    fc.assert(fc.property(fc.array(fc.option(fc.uuid())), (owners) => mayApprove({ id: "a", role: "admin" }, owners)));
  });

  it("is a risk owner only when they own an affected system", () => {
    expect(mayApprove({ id: "r", role: "risk_owner" }, ["x", "r"])).toBe(true);
    expect(mayApprove({ id: "r", role: "risk_owner" }, ["x", null])).toBe(false);
    expect(mayApprove({ id: "r", role: "risk_owner" }, [])).toBe(false);
  });

  it("is never procurement or a viewer, even owning an affected system (property)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("procurement" as const, "viewer" as const),
        fc.array(fc.option(fc.uuid())),
        (role, owners) => !mayApprove({ id: "me", role }, [...owners, "me"]),
      ),
    );
  });

  it("explains a refusal next to the approver field", () => {
    expect(approverProblem(null, ["x"])).toBe("Choose who approves the acceptance from the list");
    expect(approverProblem({ ...person("admin"), disabled: true }, [])).toBe("Person p is disabled: choose someone else");
    expect(approverProblem(person("risk_owner"), ["x"])).toContain("neither an admin nor the risk owner of an affected system");
    expect(approverProblem(person("risk_owner"), [null])).toContain("only an admin can approve this acceptance");
    expect(approverProblem(person("risk_owner"), ["p"])).toBeNull();
    expect(approverProblem(person("admin"), [])).toBeNull();
  });

  it("validates expiry and approver together, keyed by field", () => {
    expect(validateAcceptance({ expiresOn: "", approver: person("procurement"), affectedOwnerIds: ["p"] }, TODAY)).toEqual({
      expiresOn: EXPIRY_REQUIRED_MESSAGE,
      approverId: expect.stringContaining("neither an admin"),
    });
    expect(validateAcceptance({ expiresOn: addDays(TODAY, 1), approver: person("admin"), affectedOwnerIds: [] }, TODAY)).toEqual({});
  });
});
