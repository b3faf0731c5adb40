// The scorecard's answer export as an Excel workbook (exceljs, never SheetJS): the CSV's rows
// (scores-csv.server.ts builds them for both) on a "Scorecard" sheet with a frozen header row,
// column widths, numbers as numbers and true/false as booleans, and an "About" sheet whose dates are
// real dates. Every cell is a value: exceljs writes a formula only when given { formula }, so a
// vendor's answer "=HYPERLINK(…)" is stored as a text cell (no apostrophe needed, unlike the CSV).
// Written with exceljs's streaming writer into the response, so the zip never sits in memory whole.
import { PassThrough, Readable } from "node:stream";
import ExcelJS from "exceljs";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { SCORECARD_CSV_COLUMNS, scorecardRecords, type ScorecardRecord } from "./scores-csv.server";

export const XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const WIDTHS: Record<(typeof SCORECARD_CSV_COLUMNS)[number], number> = {
  rating: 24,
  component: 24,
  section: 28,
  question_key: 22,
  question: 60,
  domain: 32,
  answer: 40,
  status: 20,
  points: 10,
  weight: 10,
  share: 10,
  contribution: 14,
  evidence_valid: 14,
  reason: 60,
};

const NUMBER_COLUMNS = new Set(["points", "weight", "share", "contribution"]);

/** A record's cells in column order: numbers and booleans as themselves, text as text, nothing as empty. */
export function xlsxCells(record: ScorecardRecord): Array<string | number | boolean | null> {
  return SCORECARD_CSV_COLUMNS.map((column) => {
    const value = record[column];
    return value === null || value === undefined ? null : value;
  });
}

export interface ScorecardXlsx {
  fileName: string;
  rows: number;
  stream: ReadableStream<Uint8Array>;
}

/** Null when the assessment is unknown or not scored yet. */
export async function scorecardXlsx(db: Kysely<Database>, assessmentId: string | undefined): Promise<ScorecardXlsx | null> {
  const built = await scorecardRecords(db, assessmentId);
  if (!built) return null;
  const { card, records, slug } = built;
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = "Assay";
  workbook.created = card.score.computedAt;

  const write = async () => {
    const sheet = workbook.addWorksheet("Scorecard", { views: [{ state: "frozen", ySplit: 1 }] });
    sheet.columns = SCORECARD_CSV_COLUMNS.map((key) => ({
      header: key,
      key,
      width: WIDTHS[key],
      style: NUMBER_COLUMNS.has(key) ? { numFmt: key === "share" ? "0.0000" : "0.####" } : {},
    }));
    sheet.getRow(1).font = { bold: true };
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: SCORECARD_CSV_COLUMNS.length } };
    sheet.getRow(1).commit();
    for (const record of records) sheet.addRow(xlsxCells(record)).commit();
    await sheet.commit();

    const about = workbook.addWorksheet("About");
    about.columns = [
      { header: "field", key: "field", width: 22 },
      { header: "value", key: "value", width: 50 },
    ];
    about.getRow(1).font = { bold: true };
    const facts: Array<[string, string | number | Date]> = [
      ["supplier", card.assessment.supplierName],
      ["template", card.assessment.templateName],
      ["template_version", card.assessment.templateVersion],
      ["scoring_date", new Date(`${card.score.scoringDate}T00:00:00Z`)],
      ["computed_at", card.score.computedAt],
      ["methodology_version", card.score.methodologyVersion],
      ["rows", records.length],
    ];
    for (const [field, value] of facts) {
      const row = about.addRow([field, value]);
      if (value instanceof Date) row.getCell(2).numFmt = field === "scoring_date" ? "yyyy-mm-dd" : "yyyy-mm-dd hh:mm:ss";
      row.commit();
    }
    await about.commit();
    await workbook.commit();
  };
  write().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));

  return {
    fileName: `scorecard-${slug}-${card.score.scoringDate}.xlsx`,
    rows: records.length,
    stream: Readable.toWeb(out) as ReadableStream<Uint8Array>,
  };
}
