// /templates/:templateId/versions/:versionId/edit: the editor of a draft version, with a live
// preview and the problems that stop it from being published. Without JavaScript the page is a
// JSON text box with the same Save and Publish buttons. Published and retired versions are
// shown read-only, and a POST to them is refused.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useBlocker, useLoaderData, useNavigation, useSubmit, type Params } from "@remix-run/react";
import { useEffect, useRef, useState, useSyncExternalStore, type FormEvent } from "react";
import { TextAreaField } from "~/components/field";
import { Breadcrumbs } from "~/components/form-parts";
import { QuestionnairePreview } from "~/components/questionnaire/questionnaire-preview";
import { TemplateEditor, type EditorApi } from "~/components/template-editor/editor";
import { ProblemsList } from "~/components/template-editor/problems-list";
import { ReadOnlyDefinition } from "~/components/template-editor/readonly-view";
import { definitionShape } from "~/domain/templates/definition";
import type { DefinitionProblem } from "~/domain/templates/validate";
import { userActor } from "~/services/audit.server";
import type { AppLoadContext } from "@remix-run/node";
import { httpStatus, notFound } from "~/http/errors.server";
import { AppError } from "~/domain/errors";
import { requireUserWithPermission } from "~/http/guard.server";
import { formText, readFormBody, type FormBody, type FormLimits } from "~/http/multipart.server";
import { MAX_TEMPLATE_JSON_BYTES } from "~/domain/templates/envelope";
import { getTemplateVersion } from "~/services/template-queries.server";
import { publishVersion, saveDraft } from "~/services/template-versions.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.version.status === "draft" ? "Edit" : "View"} ${data.version.templateName} v${data.version.number} · Assay` : "Template · Assay" },
];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: "/styles/template-editor.css" }];

const LOCKED_MESSAGE = "Published versions cannot be changed; create a new version";

async function loadVersion(context: AppLoadContext, params: Params) {
  const version = await getTemplateVersion(context.app.db, params.versionId);
  // A version is only reachable under its own template.
  if (!version || version.template_id !== params.templateId) throw notFound();
  return version;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, context, "template:write");
  const v = await loadVersion(context, params);
  return {
    version: {
      id: v.id,
      templateId: v.template_id,
      templateName: v.template_name,
      number: v.version,
      status: v.status,
      definition: v.definition,
      updatedAt: v.updated_at.toISOString(),
    },
  };
}

type ActionResult =
  | { kind: "saved"; updatedAt: string }
  | { kind: "problems"; intent: "save" | "publish"; problems: DefinitionProblem[]; definitionText: string; expectedUpdatedAt: string; updatedAt: string | null }
  | { kind: "conflict"; message: string; definitionText: string; expectedUpdatedAt: string }
  | { kind: "locked"; message: string }
  | { kind: "unreadable"; message: string };

/** The editor posts three fields (the definition, at most 5 MB as in an import) and never a file. */
const EDITOR_FORM: FormLimits = {
  fileSize: 0,
  files: 0,
  fileFields: [],
  fields: 10,
  fieldSize: MAX_TEMPLATE_JSON_BYTES,
  total: MAX_TEMPLATE_JSON_BYTES + 64 * 1024,
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "template:write");
  const version = await loadVersion(context, params);
  if (version.status !== "draft") return data<ActionResult>({ kind: "locked", message: LOCKED_MESSAGE }, { status: 409 });

  let form: FormBody;
  try {
    form = await readFormBody(request, EDITOR_FORM);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const message =
      error.kind === "too_large" ? `The definition is larger than ${MAX_TEMPLATE_JSON_BYTES / 1024 / 1024} MB. Nothing was saved.` : error.message;
    return data<ActionResult>({ kind: "unreadable", message }, { status: httpStatus(error) });
  }
  const intent = formText(form, "intent") === "publish" ? "publish" : "save";
  const definitionText = formText(form, "definition");
  const expectedUpdatedAt = formText(form, "expectedUpdatedAt");
  const refused = (problems: DefinitionProblem[], updatedAt: string | null = null) =>
    data<ActionResult>({ kind: "problems", intent, problems, definitionText, expectedUpdatedAt: updatedAt ?? expectedUpdatedAt, updatedAt }, { status: 400 });

  let definition: unknown;
  try {
    definition = JSON.parse(definitionText);
  } catch (error) {
    return refused([{ path: "(root)", message: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}` }]);
  }
  const actor = userActor(user);
  try {
    const saved = await saveDraft(context.app, actor, version.id, definition, expectedUpdatedAt || undefined);
    if (!saved.ok) return refused(saved.problems);
    if (intent === "save") return data<ActionResult>({ kind: "saved", updatedAt: saved.updatedAt });
    const published = await publishVersion(context.app, actor, version.id);
    if (!published.ok) return refused(published.problems, saved.updatedAt);
  } catch (error) {
    if (error instanceof AppError) {
      if (error.kind === "not_found") throw notFound();
      return data<ActionResult>({ kind: "conflict", message: error.message, definitionText, expectedUpdatedAt }, { status: httpStatus(error) });
    }
    throw error;
  }
  throw redirect(`/templates/${version.template_id}?done=published&v=${version.version}`);
}

type LoaderVersion = ReturnType<typeof useLoaderData<typeof loader>>["version"];

export default function TemplateVersionEditPage() {
  const { version } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs
        items={[
          { to: "/templates", label: "Templates" },
          { to: `/templates/${version.templateId}`, label: version.templateName },
          { label: `Version ${version.number}` },
        ]}
      />
      {version.status === "draft" ? <DraftPage key={version.id} version={version} /> : <ReadOnlyPage version={version} />}
    </>
  );
}

function ReadOnlyPage({ version }: { version: LoaderVersion }) {
  const result = useActionData<typeof action>();
  return (
    <div className="te-readonly">
      <h1>
        {version.templateName}: version {version.number}
      </h1>
      <p className="lead">{version.status === "retired" ? "Retired" : "Published"} · read-only</p>
      <p className="notice te-locked" role="status">
        {LOCKED_MESSAGE}. <Link to={`/templates/${version.templateId}`}>Go to the template’s versions</Link> to start a new version from this one.
      </p>
      {result && result.kind === "locked" ? (
        <p className="flash flash--error" role="alert">
          Not saved: {result.message}.
        </p>
      ) : null}
      <div className="te-readonly__grid">
        <section aria-labelledby="ro-questions">
          <h2 id="ro-questions">Questions</h2>
          <ReadOnlyDefinition definition={version.definition} />
        </section>
        <section aria-labelledby="ro-preview" className="te-readonly__preview">
          <h2 id="ro-preview">Preview</h2>
          <QuestionnairePreview definition={version.definition} idPrefix="preview" headingLevel={3} />
        </section>
      </div>
    </div>
  );
}

const noop = () => () => {};
/** False on the server and while hydrating, true afterwards (and on client-side navigations). */
function useHydrated(): boolean {
  return useSyncExternalStore(
    noop,
    () => true,
    () => false,
  );
}

function DraftPage({ version }: { version: LoaderVersion }) {
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const hydrated = useHydrated();
  const navigation = useNavigation();
  const submit = useSubmit();
  const busy = navigation.state !== "idle" && navigation.formMethod?.toLowerCase() === "post";
  const busyIntent = busy ? navigation.formData?.get("intent") : null;

  const apiRef = useRef<EditorApi | null>(null);
  // The definition the editor started from, kept while the loader revalidates after saves.
  const [initialDefinition] = useState(version.definition);
  // The version the next save expects to replace: only our own saves move it forward, so a
  // change by someone else is always noticed and never silently overwritten.
  const [expectedUpdatedAt, setExpectedUpdatedAt] = useState(version.updatedAt);
  const sent = useRef<{ json: string; intent: string } | null>(null);
  const leaving = useRef(false);
  const [clientMessage, setClientMessage] = useState<string | null>(null);
  const [dirty, setDirty] = useState(false);

  useEffect(() => {
    if (!result) return;
    leaving.current = false;
    const savedAt = result.kind === "saved" ? result.updatedAt : result.kind === "problems" ? result.updatedAt : null;
    if (savedAt) {
      setExpectedUpdatedAt(savedAt);
      if (sent.current) apiRef.current?.markSaved(sent.current.json);
    }
    if (result.kind === "problems") apiRef.current?.showProblems();
  }, [result]);

  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => !leaving.current && currentLocation.pathname !== nextLocation.pathname && (apiRef.current?.isDirty() ?? false),
  );
  const stayRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (blocker.state === "blocked") stayRef.current?.focus();
  }, [blocker.state]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const api = apiRef.current;
    if (!api || busy) return;
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const intent = submitter?.value === "publish" ? "publish" : "save";
    const current = api.current();
    if (current.blocking.length) {
      setClientMessage("Not saved: a condition’s JSON does not parse. Fix it (see Problems) and save again.");
      api.showProblems();
      return;
    }
    if (intent === "publish" && current.problems.length) {
      const n = current.problems.length;
      setClientMessage(
        `Not published: publishing is refused while there ${n === 1 ? "is 1 problem" : `are ${n} problems`}. Fix ${n === 1 ? "it" : "them"} first.`,
      );
      api.showProblems();
      return;
    }
    if (!definitionShape.safeParse(current.definition).success) {
      setClientMessage(
        "Not saved: some fields need fixing first (see Problems). A draft may keep problems between questions, but every field must be filled in correctly.",
      );
      api.showProblems();
      return;
    }
    setClientMessage(null);
    sent.current = { json: current.json, intent };
    if (intent === "publish") leaving.current = true;
    const body = new FormData();
    body.set("intent", intent);
    body.set("definition", current.json);
    body.set("expectedUpdatedAt", expectedUpdatedAt);
    submit(body, { method: "post", encType: "multipart/form-data" });
  };

  const conflict = result?.kind === "conflict" ? result : null;
  const serverProblems = result?.kind === "problems" ? result.problems : null;

  return (
    <>
      <div className="te-heading">
        <h1>Edit {version.templateName}</h1>
        <p className="lead">
          Version {version.number} · Draft{hydrated ? null : " · without JavaScript, edit the JSON below"}
        </p>
      </div>
      {conflict ? <ConflictNotice message={conflict.message} json={conflict.definitionText} /> : null}
      {result?.kind === "locked" ? (
        <p className="flash flash--error" role="alert">
          Not saved: {result.message}.
        </p>
      ) : null}
      {result?.kind === "unreadable" ? (
        <p className="flash flash--error" role="alert">
          Not saved. {result.message}
        </p>
      ) : null}
      {hydrated ? (
        <>
          {clientMessage ? (
            <p className="flash flash--error te-message" role="alert">
              {clientMessage}
            </p>
          ) : null}
          {!clientMessage && !busy && result?.kind === "problems" ? (
            <p className="flash flash--error te-message" role="alert">
              {result.intent === "publish" && result.updatedAt ? "Saved, but not published: " : "Not saved: "}
              {result.problems.length === 1 ? "1 problem" : `${result.problems.length} problems`} to fix (see Problems).
            </p>
          ) : null}
          {!clientMessage && !busy && !dirty && result?.kind === "saved" ? (
            <p className="flash flash--ok te-message" role="status">
              Draft saved.
            </p>
          ) : null}
          {blocker.state === "blocked" ? (
            <div className="te-leave" role="alertdialog" aria-labelledby="te-leave-title" aria-describedby="te-leave-text">
              <p id="te-leave-title" className="te-leave__title">
                Leave without saving?
              </p>
              <p id="te-leave-text">Your changes to this draft are not saved yet.</p>
              <div className="form-actions">
                <button type="button" ref={stayRef} className="button button--primary" onClick={() => blocker.reset()}>
                  Stay and keep editing
                </button>
                <button type="button" className="button button--danger" onClick={() => blocker.proceed()}>
                  Leave and discard changes
                </button>
              </div>
            </div>
          ) : null}
          <TemplateEditor
            initialDefinition={initialDefinition}
            apiRef={apiRef}
            serverProblems={serverProblems}
            onDirtyChange={setDirty}
            toolbar={
              <Form method="post" encType="multipart/form-data" onSubmit={onSubmit} className="te-actions">
                <button type="submit" name="intent" value="save" className="button" disabled={busy}>
                  {busyIntent === "save" ? "Saving…" : "Save draft"}
                </button>
                <button type="submit" name="intent" value="publish" className="button button--primary" disabled={busy}>
                  {busyIntent === "publish" ? "Publishing…" : "Publish"}
                </button>
              </Form>
            }
          />
        </>
      ) : (
        <JsonForm version={version} result={result} />
      )}
    </>
  );
}

/** The page before (or without) JavaScript: the definition as JSON, saved and published as is. */
function JsonForm({ version, result }: { version: LoaderVersion; result: ActionResult | undefined }) {
  const text = result && (result.kind === "problems" || result.kind === "conflict") ? result.definitionText : JSON.stringify(version.definition, null, 2);
  // After a conflict the form keeps expecting the version the user started from.
  const expected = result && (result.kind === "problems" || result.kind === "conflict") ? result.expectedUpdatedAt : version.updatedAt;
  return (
    <>
      {result?.kind === "saved" ? (
        <p className="flash flash--ok" role="status">
          Draft saved.
        </p>
      ) : null}
      {result?.kind === "problems" ? (
        <ProblemsList problems={result.problems} onSelect={() => document.getElementById("definition-json")?.focus()} id="json-problems" />
      ) : null}
      <Form method="post" encType="multipart/form-data" className="panel te-json-form" key={`${expected}-${text.length}`}>
        <input type="hidden" name="expectedUpdatedAt" value={expected} />
        <TextAreaField
          id="definition-json"
          name="definition"
          label="Template definition (JSON)"
          hint="Sections, questions, options, conditions and knock-outs, as in a template export’s “definition”."
          rows={24}
          spellCheck={false}
          defaultValue={text}
          className="te-json"
        />
        <div className="form-actions">
          <button type="submit" name="intent" value="save" className="button">
            Save draft
          </button>
          <button type="submit" name="intent" value="publish" className="button button--primary">
            Publish
          </button>
        </div>
      </Form>
    </>
  );
}

function ConflictNotice({ message, json }: { message: string; json: string }) {
  const [copied, setCopied] = useState(false);
  const hydrated = useHydrated();
  return (
    <div className="te-conflict" role="alert">
      <p className="te-conflict__title">Not saved: this draft was changed by someone else; reload to see their changes.</p>
      <p>
        {message}. Your version is kept below: copy it, then <a href="">reload the page</a> and apply your changes again. Nothing was overwritten.
      </p>
      <TextAreaField id="conflict-json" label="Your unsaved version (JSON)" readOnly rows={8} value={pretty(json)} spellCheck={false} />
      {hydrated ? (
        <button
          type="button"
          className="button button--small"
          onClick={() => {
            const area = document.getElementById("conflict-json") as HTMLTextAreaElement | null;
            area?.select();
            void navigator.clipboard?.writeText(area?.value ?? json).then(
              () => setCopied(true),
              () => setCopied(false),
            );
          }}
        >
          {copied ? "Copied" : "Copy to clipboard"}
        </button>
      ) : null}
    </div>
  );
}

function pretty(json: string): string {
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
}
