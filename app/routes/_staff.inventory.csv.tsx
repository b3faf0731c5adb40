// /inventory/csv: export links for everyone on staff; for those who may write, an upload that
// is checked in full (step 1, preview) before anything is written (step 2, apply).
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState, type ChangeEvent, type FormEvent } from "react";
import { SelectField, TextField } from "~/components/field";
import { CSV_COLUMNS } from "~/domain/inventory-import/adapters";
import {
  CSV_IMPORT_ORDER,
  CSV_KIND_LABELS,
  CSV_KIND_NOUNS,
  CSV_KINDS,
  importableKinds,
  isCsvKind,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ROWS,
  type CsvKind,
} from "~/domain/inventory-import/kinds";
import { AppError } from "~/domain/errors";
import { httpStatus } from "~/http/errors.server";
import { forbidden, requireStaffUser, requireUserWithPermission } from "~/http/guard.server";
import { formFile, formText, readFormBody, type FormBody, type FormLimits } from "~/http/multipart.server";
import { applyImport, PENDING_IMPORT_MAX_AGE_MINUTES, previewImport, type ImportOutcome } from "~/services/inventory-import.server";

export const meta: MetaFunction = () => [{ title: "Import and export · Assay" }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: "/styles/csv.css" }];

const HINTS: Record<CsvKind, string> = {
  suppliers: "procurement_owner_email names an existing procurement user or admin.",
  contacts: "supplier_external_id names a supplier; at most one primary contact per supplier.",
  components: "update_interval_days is set exactly when update_cadence is interval.",
  systems: "owner_email names an existing risk owner or admin.",
  dependencies: "data_categories are separated by semicolons, since is YYYY-MM-DD; rows are matched by system and component.",
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "inventory:read");
  return {
    kinds: CSV_KINDS.map((kind) => ({
      kind,
      noun: CSV_KIND_NOUNS[kind],
      columns: [...CSV_COLUMNS[kind]],
      hint: HINTS[kind],
      href: `/inventory/csv/export/${kind}.csv`,
    })),
    order: CSV_IMPORT_ORDER.map((kind) => CSV_KIND_NOUNS[kind]),
    importable: importableKinds(user).map((kind) => ({ value: kind, label: CSV_KIND_LABELS[kind] })),
    maxBytes: MAX_IMPORT_BYTES,
    maxRows: MAX_IMPORT_ROWS,
    maxAgeMinutes: PENDING_IMPORT_MAX_AGE_MINUTES,
  };
}

type ActionResult = ImportOutcome & { intent: "preview" | "apply" | "unknown" };

/** One CSV file of at most 20 MB (the edge allows a little more), the few short fields of the two steps. */
const CSV_FORM: FormLimits = {
  fileSize: MAX_IMPORT_BYTES,
  files: 1,
  fileFields: ["file"],
  fields: 20,
  fieldSize: 16 * 1024,
  total: MAX_IMPORT_BYTES + 64 * 1024,
};

function statusOf(outcome: ImportOutcome): number {
  if (outcome.status === "rejected") return outcome.httpStatus;
  if (outcome.status === "problems") return 422;
  return 200;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireStaffUser(request, context);
  // Refused before the body is read: viewers cannot import anything.
  if (importableKinds(user).length === 0) throw forbidden();

  const tooLarge = (): ActionResult => ({
    intent: "unknown",
    status: "rejected",
    httpStatus: 413,
    message: `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB. Split it into smaller files. Nothing was saved.`,
  });
  if (Number(request.headers.get("content-length") ?? 0) > MAX_IMPORT_BYTES + 64 * 1024) return data(tooLarge(), { status: 413 });
  let form: FormBody;
  try {
    form = await readFormBody(request, CSV_FORM);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.kind === "too_large" && error.details.over !== "field") return data(tooLarge(), { status: 413 });
    const status = httpStatus(error);
    return data<ActionResult>({ intent: "unknown", status: "rejected", httpStatus: status, message: error.message }, { status });
  }

  const intent = formText(form, "intent");
  let outcome: ImportOutcome;
  if (intent === "preview") {
    const kind = formText(form, "kind");
    const file = formFile(form, "file");
    if (!isCsvKind(kind)) outcome = { status: "rejected", httpStatus: 400, message: "Choose what kind of rows the file holds." };
    else if (!file || file.bytes.byteLength === 0)
      outcome = { status: "rejected", httpStatus: 400, message: "Choose a CSV file to upload. (An empty file has nothing to import.)" };
    else outcome = await previewImport(context.app, user, { kind, fileName: file.name, bytes: file.bytes });
  } else if (intent === "apply") {
    outcome = await applyImport(context.app, user, { importId: formText(form, "importId"), digest: formText(form, "digest") });
  } else {
    outcome = { status: "rejected", httpStatus: 400, message: "The request was not understood. Reload the page and try again." };
  }
  return data<ActionResult>({ ...outcome, intent: intent === "preview" || intent === "apply" ? intent : "unknown" }, { status: statusOf(outcome) });
}

const ACTION_LABELS = { create: "New", update: "Update" } as const;

export default function InventoryCsv() {
  const { kinds, order, importable, maxBytes, maxRows, maxAgeMinutes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const [fileError, setFileError] = useState<string | null>(null);
  const maxMb = maxBytes / 1024 / 1024;
  const lastKind = result && "kind" in result ? result.kind : undefined;

  const checkFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.currentTarget.files?.[0];
    setFileError(file && file.size > maxBytes ? `This file is larger than ${maxMb} MB. Split it into smaller files.` : null);
  };
  const blockIfTooLarge = (event: FormEvent<HTMLFormElement>) => {
    if (fileError) event.preventDefault();
  };

  return (
    <>
      <h1>Import and export</h1>
      <p className="lead">
        Move the inventory in and out as CSV files, one file per kind of record. Rows are matched by their external id, so importing the same file twice changes
        nothing.
      </p>

      {result ? <Outcome result={result} maxAgeMinutes={maxAgeMinutes} busy={busy} /> : null}

      <section aria-labelledby="export-heading" className="panel">
        <h2 id="export-heading">Export</h2>
        <p>UTF-8 CSV with a header row. Archived records are left out; a record without an external id is exported with its Assay id in that column.</p>
        <ul className="csv-kinds">
          {kinds.map((k) => (
            <li key={k.kind}>
              <a href={k.href} download>
                Download {k.noun} (CSV)
              </a>
              <span className="field__hint">
                {" "}
                Columns: {k.columns.join(", ")}. {k.hint}
              </span>
            </li>
          ))}
        </ul>
      </section>

      {importable.length > 0 ? (
        <section aria-labelledby="import-heading" className="panel">
          <h2 id="import-heading">Import</h2>
          <p>
            Import in this order, because each file refers to rows of the ones before it: <strong>{order.join(", then ")}</strong>. The first row must name the
            columns (as in an export); values true/false for yes-or-no columns, and the codes shown in an export for choices.
          </p>
          <p>
            You see a preview first: every row is checked, and nothing is saved unless every row is valid. Up to {maxMb} MB and{" "}
            {maxRows.toLocaleString("en-GB")} rows per file.
          </p>
          <Form method="post" encType="multipart/form-data" className="stack" onSubmit={blockIfTooLarge}>
            <input type="hidden" name="intent" value="preview" />
            <SelectField id="csv-kind" name="kind" label="The file holds" options={importable} defaultValue={lastKind ?? importable[0]?.value} required />
            <TextField
              id="csv-file"
              name="file"
              type="file"
              label="CSV file"
              accept=".csv,text/csv"
              required
              hint={`UTF-8 encoded, comma- or semicolon-separated, up to ${maxMb} MB.`}
              error={fileError}
              onChange={checkFile}
            />
            <button type="submit" className="button button--primary" disabled={busy}>
              {busy && navigation.formData?.get("intent") === "preview" ? "Checking the file…" : "Check the file"}
            </button>
          </Form>
        </section>
      ) : (
        <p className="notice">Your role can export the inventory but not import it.</p>
      )}
    </>
  );
}

function Outcome({ result, maxAgeMinutes, busy }: { result: ActionResult; maxAgeMinutes: number; busy: boolean }) {
  switch (result.status) {
    case "rejected":
      return (
        <div className="flash flash--error" role="alert">
          <p>{result.message}</p>
          <p>Nothing was saved.</p>
        </div>
      );
    case "applied":
      return (
        <p className="flash flash--ok" role="status">
          Imported {result.fileName}: {result.counts.create} created, {result.counts.update} updated, {result.counts.unchanged} unchanged.
        </p>
      );
    case "nothing":
      return (
        <p className="flash flash--ok" role="status">
          Nothing to change: all {result.rowCount} rows of {result.fileName} already match the inventory. Nothing was saved.
        </p>
      );
    case "problems": {
      const total = result.problems.length + result.more;
      return (
        <section aria-labelledby="problems-heading" className="panel">
          <h2 id="problems-heading">Problems in {result.fileName}</h2>
          <p className="flash flash--error" role="alert">
            Nothing was imported: {total} {total === 1 ? "problem" : "problems"} in a file of {result.rowCount} rows. Correct the file and upload it again.
          </p>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Problems by row and column (the header is row 1)</caption>
              <thead>
                <tr>
                  <th scope="col">Row</th>
                  <th scope="col">Column</th>
                  <th scope="col">Problem</th>
                </tr>
              </thead>
              <tbody>
                {result.problems.map((p, i) => (
                  <tr key={i}>
                    <td>{p.row ?? "–"}</td>
                    <td>{p.column ?? "(whole row)"}</td>
                    <td>{p.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {result.more > 0 ? <p>…and {result.more} more problems not shown. Fix these first and upload again.</p> : null}
        </section>
      );
    }
    case "ready": {
      const changes = result.counts.create + result.counts.update;
      return (
        <section aria-labelledby="preview-heading" className="panel">
          <h2 id="preview-heading">Preview of {result.fileName}</h2>
          {result.changedSincePreview ? (
            <p className="flash flash--error" role="alert">
              The inventory changed since your preview, so nothing was saved. This is the new preview: check it and import again.
            </p>
          ) : (
            <p role="status">All {result.rowCount} rows are valid. Nothing is saved until you import.</p>
          )}
          <dl className="meta-list">
            <dt>To create</dt>
            <dd>{result.counts.create}</dd>
            <dt>To update</dt>
            <dd>
              {result.counts.update}
              {result.changedColumns.length ? ` (${result.changedColumns.map((c) => `${c.column}: ${c.count}`).join(", ")})` : ""}
            </dd>
            <dt>Unchanged</dt>
            <dd>{result.counts.unchanged}</dd>
          </dl>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">The first rows that would change</caption>
              <thead>
                <tr>
                  <th scope="col">Row</th>
                  <th scope="col">Change</th>
                  <th scope="col">Record</th>
                  <th scope="col">Fields</th>
                </tr>
              </thead>
              <tbody>
                {result.sample.map((s) => (
                  <tr key={s.row}>
                    <td>{s.row}</td>
                    <td>
                      <span className={s.action === "create" ? "badge badge--ok" : "badge badge--warn"}>{ACTION_LABELS[s.action]}</span>
                    </td>
                    <td>
                      {s.label} <span className="field__hint">({s.key})</span>
                    </td>
                    <td>
                      {s.action === "create"
                        ? "All fields"
                        : s.changes.map((c) => (
                            <span key={c.column} className="csv-change">
                              {c.column}: {c.from} → {c.to}
                            </span>
                          ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {changes > result.sample.length ? (
            <p>
              Showing the first {result.sample.length} of {changes} rows that would change.
            </p>
          ) : null}
          <Form method="post" className="form-row csv-apply">
            <input type="hidden" name="intent" value="apply" />
            <input type="hidden" name="importId" value={result.importId} />
            <input type="hidden" name="digest" value={result.digest} />
            <button type="submit" className="button button--primary" disabled={busy}>
              Import {changes} {changes === 1 ? "change" : "changes"}
            </button>
            <Link to="/inventory/csv" className="button button--quiet">
              Cancel
            </Link>
          </Form>
          <p className="field__hint">The preview is kept for {maxAgeMinutes} minutes; the file is checked again against the inventory when you import.</p>
        </section>
      );
    }
  }
}
