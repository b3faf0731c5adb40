// The due date of a questionnaire is a real calendar day: the issue form (in the browser and on
// the server) and the issuing service both refuse 30 February, through app/domain/calendar.ts.
import { issueSchema } from "~/routes/_staff.assessments.new";
import { dueDateProblem, MAX_DUE_DAYS } from "~/services/assessment-issue.server";

const NOW = new Date("2026-12-02T09:00:00Z");
const form = (dueDate: string) => ({
  supplierId: "00000000-0000-4000-8000-000000000001",
  templateVersionId: "00000000-0000-4000-8000-000000000002",
  componentIds: [],
  contactIds: ["00000000-0000-4000-8000-000000000003"],
  dueDate,
});

describe("the due date of an issued questionnaire", () => {
  it("is refused by the issue form when it is not a real day", () => {
    for (const bad of ["2027-02-30", "2027-02-29", "2027-13-01", "2027-04-31", "31/03/2027", ""]) {
      const parsed = issueSchema.safeParse(form(bad));
      expect(parsed.success, bad).toBe(false);
      expect(parsed.error?.issues.map((i) => i.path.join("."))).toContain("dueDate");
    }
    expect(issueSchema.safeParse(form("2028-02-29")).success).toBe(true);
    expect(issueSchema.safeParse(form("2027-03-31")).success).toBe(true);
  });

  it("is refused by the service when it is not a real day, not after today, or too far ahead", () => {
    expect(dueDateProblem("2027-02-30", NOW)).toBe("Enter the due date as a date, like 2027-03-31");
    expect(dueDateProblem("2026-12-02", NOW)).toBe("Choose a due date after today");
    expect(dueDateProblem("2026-12-03", NOW)).toBeNull();
    expect(MAX_DUE_DAYS).toBe(730);
    expect(dueDateProblem("2028-12-01", NOW)).toBeNull(); // 730 days after 2 December 2026
    expect(dueDateProblem("2028-12-02", NOW)).toBe("Choose a due date within the next two years");
  });
});
