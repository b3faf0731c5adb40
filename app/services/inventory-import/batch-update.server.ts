// Updating many rows by id in few statements, for an import's batches and for undoing them.
import { sql, type Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import { chunk, type ImportTable } from "./lookups.server";

const UPDATE_CHUNK = 500;

function toSqlText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "boolean") return value ? "true" : "false";
  if (Array.isArray(value)) return `{${value.map((v) => `"${String(v).replace(/["\\]/g, "\\$&")}"`).join(",")}}`;
  return String(value);
}

/**
 * One UPDATE … FROM (VALUES …) per chunk: every value travels as text and is cast to its column's
 * type. `updated_at` is set to now, unless it is one of the columns (an undo restores it).
 */
export async function batchUpdate(
  trx: Transaction<Database>,
  table: ImportTable,
  columns: ReadonlyArray<readonly [name: string, type: string]>,
  rows: ReadonlyArray<{ id: string; values: Record<string, unknown> }>,
): Promise<void> {
  const touch = columns.some(([c]) => c === "updated_at") ? sql`` : sql`, updated_at = now()`;
  for (const part of chunk(rows, UPDATE_CHUNK)) {
    const values = sql.join(part.map((r) => sql`(${sql.join([r.id, ...columns.map(([c]) => toSqlText(r.values[c]))])})`));
    const names = sql.join(["id", ...columns.map(([c]) => c)].map((c) => sql.ref(c)));
    const set = sql.join(columns.map(([c, type]) => sql`${sql.ref(c)} = ${sql.ref(`v.${c}`)}::${sql.raw(type)}`));
    await sql`UPDATE ${sql.table(table)} AS t SET ${set}${touch} FROM (VALUES ${values}) AS v(${names}) WHERE t.id = v.id::uuid`.execute(trx);
  }
}
