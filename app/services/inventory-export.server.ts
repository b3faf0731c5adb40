// Exporting the live inventory of one kind as CSV, streamed page by page (by id), so a large
// inventory never sits in memory as one query result.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { recordsToCsv } from "../domain/import/csv-format";
import { CSV_COLUMNS } from "../domain/inventory-import/adapters";
import type { CsvKind } from "../domain/inventory-import/kinds";
import { FIRST_ID } from "./inventory-import/lookups.server";
import { storeFor } from "./inventory-import/stores.server";

async function* exportPages(db: Kysely<Database>, kind: CsvKind, pageSize: number): AsyncGenerator<object[]> {
  const store = storeFor(kind);
  let after = FIRST_ID;
  for (;;) {
    const page = await store.exportPage(db, after, pageSize);
    if (page.records.length > 0) yield page.records;
    if (page.records.length < pageSize || page.lastId === null) return;
    after = page.lastId;
  }
}

/** The whole export as a stream of UTF-8 CSV: a BOM (so spreadsheets read it as UTF-8), the header, then page after page. */
export function exportCsvStream(db: Kysely<Database>, kind: CsvKind, pageSize = 1000): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const columns = CSV_COLUMNS[kind];
  const pages = exportPages(db, kind, pageSize);
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(`\uFEFF${recordsToCsv(columns, [], { header: true })}`));
        return;
      }
      const next = await pages.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(recordsToCsv(columns, next.value)));
    },
    async cancel() {
      await pages.return(undefined);
    },
  });
}

/** The export as one string (for tests and small tools; the route streams instead). */
export async function exportCsvText(db: Kysely<Database>, kind: CsvKind, pageSize = 1000): Promise<string> {
  return new Response(exportCsvStream(db, kind, pageSize)).text();
}
