// /templates: the questionnaire templates; for admins, a new template and a JSON import
// (file or pasted text; a bad file is reported problem by problem and nothing is written).
import { httpStatus } from "~/http/errors.server";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState, type ChangeEvent, type FormEvent } from "react";
import { TextAreaField, TextField } from "~/components/field";
import { FormError } from "~/components/form-parts";
import { EmptyState, PageHeader } from "~/components/list";
import { ProblemTable } from "~/components/templates/problem-table";
import { can } from "~/domain/permissions";
import { issuesToFieldErrors, unstorableFields, type FieldErrors } from "~/forms/parse";
import { UNSTORABLE_MESSAGE } from "~/domain/storable-text";
import { userActor } from "~/services/audit.server";
import { AppError } from "~/domain/errors";
import { requireUserWithPermission } from "~/http/guard.server";
import { formFile, formText, readFormBody, type FormBody, type FormLimits } from "~/http/multipart.server";
import { decodeTemplateFile, MAX_TEMPLATE_JSON_BYTES } from "~/domain/templates/envelope";
import { templateMetaSchema } from "~/domain/templates/meta";
import type { DefinitionProblem } from "~/domain/templates/validate";
import { importTemplate } from "~/services/template-import.server";
import { listTemplates, templateOverviews } from "~/services/template-queries.server";
import { TemplateCard } from "~/components/templates/template-card";
import { createTemplate } from "~/services/template-versions.server";

export const meta: MetaFunction = () => [{ title: "Questionnaire templates · Assay" }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: "/styles/templates.css" }];

const MAX_SHOWN_PROBLEMS = 200;
const MAX_MB = MAX_TEMPLATE_JSON_BYTES / 1024 / 1024;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "template:read");
  const list = await listTemplates(context.app.db);
  const overviews = await templateOverviews(
    context.app.db,
    list.map((t) => t.id),
  );
  const templates = list.map((t) => ({ ...t, overview: overviews.get(t.id) ?? null }));
  return { templates, canWrite: can(user, "template:write"), maxMb: MAX_MB };
}

type ActionResult =
  | { intent: "create"; fieldErrors: FieldErrors; values: Record<string, string> }
  | { intent: "import"; message: string; problems: DefinitionProblem[]; total: number; name: string; json?: string };

/** Pasted JSON comes back into the textarea after a refusal (without JavaScript the page reloads), up to this size. */
const MAX_ECHOED_CHARS = 256 * 1024;

/** One JSON file or the same JSON pasted, of at most 5 MB; the edge allows more, so the browser sees this 413 page. */
const TEMPLATE_FORM: FormLimits = {
  fileSize: MAX_TEMPLATE_JSON_BYTES,
  files: 1,
  fileFields: ["file"],
  fields: 20,
  fieldSize: MAX_TEMPLATE_JSON_BYTES,
  total: MAX_TEMPLATE_JSON_BYTES + 64 * 1024,
};

const tooLarge = () =>
  data<ActionResult>(
    { intent: "import", message: `The template is larger than ${MAX_MB} MB. Nothing was saved.`, problems: [], total: 0, name: "" },
    { status: 413 },
  );

export async function action({ request, context }: ActionFunctionArgs) {
  // Refused before the body is read: only admins write templates.
  const user = await requireUserWithPermission(request, context, "template:write");
  if (Number(request.headers.get("content-length") ?? 0) > MAX_TEMPLATE_JSON_BYTES + 64 * 1024) return tooLarge();
  let form: FormBody;
  try {
    form = await readFormBody(request, TEMPLATE_FORM);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.kind === "too_large") return tooLarge();
    return data<ActionResult>({ intent: "import", message: error.message, problems: [], total: 0, name: "" }, { status: httpStatus(error) });
  }
  const text = (name: string) => formText(form, name);
  const intent = text("intent");
  const unstorable = unstorableFields({ ...form.fields });
  if (Object.keys(unstorable).length) {
    if (intent === "create") return data<ActionResult>({ intent: "create", fieldErrors: unstorable, values: { name: "", description: "" } }, { status: 400 });
    return data<ActionResult>({ intent: "import", message: `${UNSTORABLE_MESSAGE} Nothing was saved.`, problems: [], total: 0, name: "" }, { status: 400 });
  }

  if (intent === "create") {
    const values = { name: text("name"), description: text("description") };
    const parsed = templateMetaSchema.safeParse(values);
    if (!parsed.success) return data<ActionResult>({ intent: "create", fieldErrors: issuesToFieldErrors(parsed.error.issues), values }, { status: 400 });
    try {
      const { templateId } = await createTemplate(context.app, userActor(user), parsed.data);
      return redirect(`/templates/${templateId}?done=created`);
    } catch (error) {
      if (error instanceof AppError)
        return data<ActionResult>({ intent: "create", fieldErrors: { [error.field]: error.message }, values }, { status: httpStatus(error) });
      throw error;
    }
  }

  if (intent === "import") {
    const file = formFile(form, "file");
    const name = text("name");
    const pasted = text("json");
    const fromFile = file !== null && file.bytes.byteLength > 0;
    const decoded = fromFile ? decodeTemplateFile(file.bytes) : { ok: true as const, text: pasted };
    if (!decoded.ok) {
      return data<ActionResult>(
        { intent: "import", message: "Nothing was imported: the file is not UTF-8 text.", problems: decoded.problems, total: decoded.problems.length, name },
        { status: 422 },
      );
    }
    const json = decoded.text;
    if (json.trim() === "") {
      return data<ActionResult>(
        { intent: "import", message: "Choose a JSON file, or paste the template's JSON. Nothing was saved.", problems: [], total: 0, name },
        { status: 400 },
      );
    }
    const result = await importTemplate(context.app, userActor(user), json, { name });
    if (result.ok) return redirect(`/templates/${result.templateId}?done=imported`);
    const total = result.problems.length;
    return data<ActionResult>(
      {
        intent: "import",
        message: `Nothing was imported: ${total} ${total === 1 ? "problem" : "problems"} in the template. Correct the file and import it again.`,
        problems: result.problems.slice(0, MAX_SHOWN_PROBLEMS),
        total,
        name,
        json: !fromFile && pasted.length <= MAX_ECHOED_CHARS ? pasted : undefined,
      },
      { status: 422 },
    );
  }

  return data<ActionResult>(
    { intent: "import", message: "The request was not understood. Reload the page and try again.", problems: [], total: 0, name: "" },
    { status: 400 },
  );
}

export default function TemplatesList() {
  const { templates, canWrite, maxMb } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busyIntent = navigation.state !== "idle" ? navigation.formData?.get("intent") : null;
  const created = result?.intent === "create" ? result : null;
  const imported = result?.intent === "import" ? result : null;
  const [fileError, setFileError] = useState<string | null>(null);

  const checkFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.currentTarget.files?.[0];
    setFileError(file && file.size > maxMb * 1024 * 1024 ? `This file is larger than ${maxMb} MB.` : null);
  };
  const blockIfTooLarge = (event: FormEvent<HTMLFormElement>) => {
    if (fileError) event.preventDefault();
  };

  return (
    <>
      <PageHeader title="Questionnaire templates">
        <p className="lead">What we ask AI suppliers. A published version never changes; assessments keep the exact version they were sent with.</p>
      </PageHeader>
      {imported ? <ImportReport result={imported} /> : null}

      {templates.length === 0 ? (
        <EmptyState title="No templates yet.">
          <p>{canWrite ? "Create one below, or import one a colleague exported." : "Admins create and publish templates."}</p>
        </EmptyState>
      ) : (
        <div className="template-cards">
          {templates.map((t) => (
            <TemplateCard key={t.id} template={t} />
          ))}
        </div>
      )}

      {canWrite ? (
        <div className="template-forms">
          <section aria-labelledby="new-heading" className="panel">
            <h2 id="new-heading">New template</h2>
            <p>Starts as a draft of version 1 with one question, for you to edit and publish.</p>
            <FormError message={created?.fieldErrors.form} />
            <Form method="post" className="stack" noValidate>
              <input type="hidden" name="intent" value="create" />
              <TextField
                id="new-name"
                name="name"
                label="Name"
                required
                maxLength={200}
                defaultValue={created?.values.name}
                error={created?.fieldErrors.name}
              />
              <TextAreaField
                id="new-description"
                name="description"
                label="Description (optional)"
                maxLength={2000}
                defaultValue={created?.values.description}
                error={created?.fieldErrors.description}
              />
              <button type="submit" className="button button--primary" disabled={busyIntent === "create"}>
                {busyIntent === "create" ? "Creating…" : "Create template"}
              </button>
            </Form>
          </section>

          <section aria-labelledby="import-heading" className="panel">
            <h2 id="import-heading">Import JSON</h2>
            <p>
              A template exported from Assay (here or elsewhere). It is checked in full and becomes a new template whose version 1 is a draft; a name already in
              use gets “(copy)”. Up to {maxMb} MB.
            </p>
            <Form method="post" encType="multipart/form-data" className="stack" onSubmit={blockIfTooLarge}>
              <input type="hidden" name="intent" value="import" />
              <TextField id="import-file" name="file" type="file" label="JSON file" accept="application/json,.json" error={fileError} onChange={checkFile} />
              <TextAreaField
                id="import-json"
                name="json"
                label="…or paste the JSON"
                rows={6}
                spellCheck={false}
                className="template-json"
                defaultValue={imported?.json}
                hint="Used when no file is chosen."
              />
              <TextField
                id="import-name"
                name="name"
                label="Name (optional)"
                maxLength={200}
                defaultValue={imported?.name}
                hint="Leave empty to keep the name in the file."
              />
              <button type="submit" className="button button--primary" disabled={busyIntent === "import"}>
                {busyIntent === "import" ? "Checking…" : "Import"}
              </button>
            </Form>
          </section>
        </div>
      ) : null}
    </>
  );
}

function ImportReport({ result }: { result: { message: string; problems: DefinitionProblem[]; total: number } }) {
  return (
    <section aria-labelledby="import-problems-heading" className="panel">
      <h2 id="import-problems-heading">Import refused</h2>
      <p className="flash flash--error" role="alert">
        {result.message}
      </p>
      {result.problems.length ? <ProblemTable problems={result.problems} total={result.total} caption="Problems by path in the JSON" /> : null}
    </section>
  );
}
