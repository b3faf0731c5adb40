// Findings end to end on the real server (PGlite, or PostgreSQL with TEST_DATABASE_URL): raised from
// an answer and from the scorecard, bad input refused next to its field with nothing written, every
// status move allowed or refused in words, edits, the list's filters, and the vendor's side: only
// their own assessment's findings (another vendor gets a 404), a response and remediation evidence
// (a file of the wrong type refused) moving the finding to remediating, and never a staff-only fact.
import { createHash, randomBytes } from "node:crypto";
import { addDays, today } from "~/domain/calendar";
import { findingTransition, FINDING_STATUSES } from "~/domain/review/findings";
import { userActor } from "~/services/audit.server";
import { htmlOf, postMultipart, staffMember, submittedGolden, type StaffMember, type SubmittedAssessment } from "../support/findings";
import { issueGolden, publishGolden } from "../support/scored-assessment";
import { startTestServer, WebClient, type TestServer } from "../support/server";

const PDF = Buffer.concat([Buffer.from("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "latin1"), randomBytes(500), Buffer.from("\n%%EOF\n")]);
const EXE = Buffer.concat([Buffer.from("MZ\x90\x00\x03\x00\x00\x00", "latin1"), randomBytes(300)]);

describe("findings", () => {
  let server: TestServer;
  let versionId: string;
  let admin: StaffMember;
  let owner: StaffMember;
  let viewer: StaffMember;
  let a: SubmittedAssessment;
  let b: SubmittedAssessment;
  const db = () => server.app.ctx.db;
  const inDays = (n: number) => addDays(today(), n);

  async function counts() {
    const n = async (table: "findings" | "finding_events" | "finding_evidence" | "audit_events") =>
      Number((await db().selectFrom(table).select(db().fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);
    return { findings: await n("findings"), events: await n("finding_events"), evidence: await n("finding_evidence"), audit: await n("audit_events") };
  }

  const raiseForm = (over: Record<string, string> = {}) => ({
    title: `Finding ${randomBytes(3).toString("hex")}`,
    description: "The incident notification commitment is missing.",
    severity: "high",
    ownerId: owner.id,
    dueDate: inDays(30),
    ...over,
  });

  /** Raises a finding through the page; returns its id. */
  async function raise(assessmentId: string, over: Record<string, string> = {}, query = "") {
    const response = await admin.client.post(`/assessments/${assessmentId}/findings/new${query}`, raiseForm(over));
    expect(response.status, await response.clone().text()).toBe(302);
    const location = response.headers.get("location") ?? "";
    expect(location).toMatch(/^\/findings\/[0-9a-f-]{36}\?done=raised$/);
    return location.slice("/findings/".length, "/findings/".length + 36);
  }

  const findingOf = (id: string) => db().selectFrom("findings").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

  beforeAll(async () => {
    server = await startTestServer();
    admin = await staffMember(server, "admin", "Ada Admin");
    owner = await staffMember(server, "risk_owner", "Rita Owner");
    viewer = await staffMember(server, "viewer", "Vic Viewer");
    versionId = await publishGolden(server.app.ctx, userActor(admin));
    a = await submittedGolden(server, admin, versionId, `Vendor A ${Date.now()}`);
    b = await submittedGolden(server, admin, versionId, `Vendor B ${Date.now()}`);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("raises a finding from an answer: the page shows the question and the answer, the finding records them", async () => {
    const [x] = a.componentIds;
    const page = await admin.client.get(`/assessments/${a.assessmentId}/findings/new?question=c_notice_days&component=${x}`);
    expect(page.status).toBe(200);
    const html = await htmlOf(page);
    expect(html).toContain("Question c_notice_days?");
    expect(html).toContain("The answer it is about");
    expect(html).toMatch(/<dt>Answer<\/dt><dd class="prewrap">14<\/dd>/);
    expect(html).toContain(`name="questionKey" value="c_notice_days"`);

    const before = await counts();
    const id = await raise(a.assessmentId, { title: "Change notice too short", questionKey: "c_notice_days", componentId: x }, "?question=c_notice_days");
    const finding = await findingOf(id);
    expect(finding).toMatchObject({
      assessment_id: a.assessmentId,
      supplier_id: a.supplierId,
      ai_component_id: x,
      question_key: "c_notice_days",
      source: "answer",
      severity: "high",
      status: "open",
      owner_id: owner.id,
      due_date: inDays(30),
      created_by: admin.id,
    });
    const after = await counts();
    expect(after.findings - before.findings).toBe(1);
    const history = await db().selectFrom("finding_events").selectAll().where("finding_id", "=", id).execute();
    expect(history.map((e) => [e.kind, e.to_status, e.actor_label])).toEqual([["created", "open", admin.email]]);
    const audit = await db().selectFrom("audit_events").select(["action", "actor_label"]).where("entity_id", "=", id).execute();
    expect(audit).toEqual([{ action: "finding.create", actor_label: admin.email }]);

    // The finding's page and the assessment's panel show it.
    const findingPage = await htmlOf(await admin.client.get(`/findings/${id}?done=raised`));
    expect(findingPage).toContain("Finding raised.");
    expect(findingPage).toContain("Change notice too short");
    expect(findingPage).toContain("Question c_notice_days?");
    expect(findingPage).toContain("Rita Owner");
    expect(findingPage).toContain("Raised</strong>");
    const assessmentPage = await htmlOf(await admin.client.get(`/assessments/${a.assessmentId}`));
    expect(assessmentPage).toContain(`href="/findings/${id}"`);
    expect(assessmentPage).toContain(`href="/assessments/${a.assessmentId}/findings/new"`);
  });

  it("raises a finding from the scorecard (linked from it), optionally about a component in scope", async () => {
    const card = await htmlOf(await admin.client.get(`/assessments/${a.assessmentId}/scorecard`));
    expect(card).toContain(`href="/assessments/${a.assessmentId}/findings/new?from=scorecard"`);
    const page = await htmlOf(await admin.client.get(`/assessments/${a.assessmentId}/findings/new?from=scorecard`));
    expect(page).toContain('<label for="componentId">Component</label>');
    expect(page).not.toContain("The answer it is about");
    const id = await raise(a.assessmentId, { title: "Weak overall governance" });
    expect(await findingOf(id)).toMatchObject({ source: "scorecard", question_key: null, ai_component_id: null });
    const withComponent = await raise(a.assessmentId, { title: "Model card out of date", componentId: a.componentIds[1] });
    expect(await findingOf(withComponent)).toMatchObject({ source: "scorecard", ai_component_id: a.componentIds[1] });
    // A viewer may read but not raise.
    expect((await viewer.client.get(`/assessments/${a.assessmentId}/findings/new`)).status).toBe(403);
    expect((await viewer.client.post(`/assessments/${a.assessmentId}/findings/new`, raiseForm())).status).toBe(403);
    expect(await htmlOf(await viewer.client.get(`/assessments/${a.assessmentId}/scorecard`))).not.toContain("Raise a finding");
  });

  it("refuses bad input next to its field and writes nothing", async () => {
    const cases: Array<[string, Record<string, string>, string, number]> = [
      ["an unparseable due date", { dueDate: "2027-02-30" }, "Enter the due date as a real date, like 2027-03-31", 400],
      ["a due date that is not a date at all", { dueDate: "next Friday" }, "Enter the due date as a real date, like 2027-03-31", 400],
      ["no due date", { dueDate: "" }, "Enter a due date", 400],
      ["a due date in the past", { dueDate: inDays(-1) }, "The due date is in the past: choose today or a later day", 400],
      ["a missing title", { title: "  " }, "Enter a title", 400],
      ["an unknown severity", { severity: "severe" }, "Choose a severity: low, medium, high or critical", 400],
      ["no owner", { ownerId: "" }, "Choose who owns this finding from the list", 400],
      ["a viewer as owner", { ownerId: viewer.id }, "Vic Viewer cannot work on findings (a viewer): choose someone else", 400],
      ["a question not in the assessment", { questionKey: "no_such_question" }, "That question is not part of this questionnaire.", 400],
      ["a malformed question key", { questionKey: "DROP TABLE" }, "That question is not part of this questionnaire", 400],
      [
        "another vendor's component on a component question",
        { questionKey: "c_bias", componentId: b.componentIds[0] },
        "Choose one of the components in this assessment's scope: this question is asked per component.",
        400,
      ],
      ["another vendor's component", { componentId: b.componentIds[0] }, "Choose one of the components in this assessment's scope.", 400],
      [
        "a supplier question with a component",
        { questionKey: "s_policy", componentId: a.componentIds[0] },
        "This question is about the supplier as a whole",
        400,
      ],
    ];
    for (const [label, over, message, status] of cases) {
      const before = await counts();
      const response = await admin.client.post(`/assessments/${a.assessmentId}/findings/new`, raiseForm(over));
      expect(response.status, label).toBe(status);
      expect(await htmlOf(response), label).toContain(message);
      expect(await counts(), label).toEqual(before);
    }
    // The page of another vendor's question says so and does not tie the finding to it.
    const page = await htmlOf(await admin.client.get(`/assessments/${a.assessmentId}/findings/new?question=c_bias&component=${b.componentIds[0]}`));
    expect(page).toContain("The finding below is not tied to an answer.");
    expect(page).not.toContain("The answer it is about");
    // An unknown assessment is a 404.
    expect((await admin.client.get(`/assessments/00000000-0000-4000-8000-000000000000/findings/new`)).status).toBe(404);
    const before = await counts();
    expect((await admin.client.post(`/assessments/00000000-0000-4000-8000-000000000000/findings/new`, raiseForm())).status).toBe(404);
    expect(await counts()).toEqual(before);
  });

  it("refuses a finding on a questionnaire the vendor has not submitted", async () => {
    const open = await issueGolden(server.app.ctx, userActor(admin), versionId);
    const page = await htmlOf(await admin.client.get(`/assessments/${open.assessmentId}/findings/new`));
    expect(page).toContain("The vendor has not submitted this questionnaire yet");
    const before = await counts();
    const response = await admin.client.post(`/assessments/${open.assessmentId}/findings/new`, raiseForm());
    expect(response.status).toBe(409);
    expect(await htmlOf(response)).toContain("The vendor has not submitted this questionnaire yet: findings are raised on submitted answers.");
    expect(await counts()).toEqual(before);
  });

  it("moves a finding through every status: each allowed move recorded, each refused one said in words", async () => {
    const moves = ["start_remediation", "close", "reopen"] as const;
    for (const from of FINDING_STATUSES) {
      for (const event of moves) {
        const id = await raise(a.assessmentId, { title: `Move ${event} from ${from}` });
        await db()
          .updateTable("findings")
          .set({ status: from, closed_at: from === "closed" ? new Date() : null })
          .where("id", "=", id)
          .execute();
        const before = await counts();
        const response = await admin.client.post(`/findings/${id}`, { intent: event, note: `Note for ${event}` });
        const expected = findingTransition(from, event);
        const label = `${event} from ${from}`;
        if (expected.ok) {
          expect(response.status, label).toBe(302);
          expect(response.headers.get("location"), label).toBe(`/findings/${id}?done=${event}`);
          const finding = await findingOf(id);
          expect(finding.status, label).toBe(expected.to);
          expect(finding.closed_at !== null, label).toBe(expected.to === "closed");
          const last = await db().selectFrom("finding_events").selectAll().where("finding_id", "=", id).orderBy("id", "desc").executeTakeFirstOrThrow();
          expect([last.kind, last.from_status, last.to_status, last.note, last.actor_label], label).toEqual([
            "status",
            from,
            expected.to,
            `Note for ${event}`,
            admin.email,
          ]);
          expect((await counts()).audit - before.audit, label).toBe(1);
        } else {
          expect(response.status, label).toBe(409);
          expect(await htmlOf(response), label).toContain(expected.reason);
          expect((await findingOf(id)).status, label).toBe(from);
          expect(await counts(), label).toEqual(before);
        }
      }
    }
    // The page offers only the moves the status allows.
    const id = await raise(a.assessmentId, { title: "Buttons" });
    const html = await htmlOf(await admin.client.get(`/findings/${id}`));
    expect(html).toContain(`value="start_remediation"`);
    expect(html).toContain(`value="close"`);
    expect(html).not.toContain(`value="reopen"`);
    // A viewer cannot move a finding.
    expect((await viewer.client.post(`/findings/${id}`, { intent: "close" })).status).toBe(403);
    expect((await findingOf(id)).status).toBe("open");
  });

  it("edits severity, owner and due date with a history entry; a bad due date changes nothing", async () => {
    const id = await raise(a.assessmentId, { title: "Edit me", severity: "low" });
    const response = await admin.client.post(`/findings/${id}`, { intent: "edit", severity: "critical", ownerId: admin.id, dueDate: inDays(10) });
    expect(response.headers.get("location")).toBe(`/findings/${id}?done=edited`);
    expect(await findingOf(id)).toMatchObject({ severity: "critical", owner_id: admin.id, due_date: inDays(10) });
    const last = await db().selectFrom("finding_events").selectAll().where("finding_id", "=", id).orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(last.kind).toBe("edited");
    expect(last.note).toContain("Severity: Low → Critical");
    expect(last.note).toContain("Owner: Rita Owner → Ada Admin");
    const page = await htmlOf(await admin.client.get(`/findings/${id}`));
    expect(page).toContain("Severity: Low → Critical");

    const before = await counts();
    const bad = await admin.client.post(`/findings/${id}`, { intent: "edit", severity: "low", ownerId: owner.id, dueDate: "2027-02-30" });
    expect(bad.status).toBe(400);
    const html = await htmlOf(bad);
    expect(html).toMatch(/id="edit-due-error">Enter the due date as a real date, like 2027-03-31</);
    expect(await counts()).toEqual(before);
    expect(await findingOf(id)).toMatchObject({ severity: "critical", owner_id: admin.id });
    // Nothing changed: nothing written.
    const same = await admin.client.post(`/findings/${id}`, { intent: "edit", severity: "critical", ownerId: admin.id, dueDate: inDays(10) });
    expect(same.headers.get("location")).toBe(`/findings/${id}?done=unchanged`);
    expect(await counts()).toEqual(before);
  });

  it("lists findings across vendors with filters, search, sorting and a clear empty state", async () => {
    const tag = randomBytes(3).toString("hex");
    const critical = await raise(b.assessmentId, { title: `Critical ${tag}`, severity: "critical", ownerId: admin.id });
    const low = await raise(a.assessmentId, { title: `Low ${tag}`, severity: "low" });
    const late = await raise(a.assessmentId, { title: `Late ${tag}`, severity: "medium" });
    await db()
      .updateTable("findings")
      .set({ due_date: inDays(-3) })
      .where("id", "=", late)
      .execute();
    await admin.client.post(`/findings/${low}`, { intent: "close" });
    const titles = async (query: string, client = admin.client) => {
      const html = await htmlOf(await client.get(`/findings?q=${tag}&${query}`));
      return [`Critical ${tag}`, `Low ${tag}`, `Late ${tag}`].filter((t) => html.includes(`>${t}</a>`));
    };
    expect(await titles("")).toEqual([`Critical ${tag}`, `Low ${tag}`, `Late ${tag}`]);
    expect(await titles("severity=critical")).toEqual([`Critical ${tag}`]);
    expect(await titles("status=closed")).toEqual([`Low ${tag}`]);
    expect(await titles("status=active")).toEqual([`Critical ${tag}`, `Late ${tag}`]);
    expect(await titles(`supplier=${b.supplierId}`)).toEqual([`Critical ${tag}`]);
    expect(await titles("owner=me")).toEqual([`Critical ${tag}`]);
    expect(await titles(`owner=${owner.id}`)).toEqual([`Low ${tag}`, `Late ${tag}`]);
    expect(await titles("owner=me", owner.client)).toEqual([`Low ${tag}`, `Late ${tag}`]);
    expect(await titles("overdue=yes")).toEqual([`Late ${tag}`]);
    expect(await titles("source=scorecard")).toEqual([`Critical ${tag}`, `Low ${tag}`, `Late ${tag}`]);
    expect(await titles("source=answer")).toEqual([]);
    // Sorted by severity, worst first.
    const bySeverity = await htmlOf(await admin.client.get(`/findings?q=${tag}&sort=severity&dir=desc`));
    expect(bySeverity.indexOf(`Critical ${tag}`)).toBeLessThan(bySeverity.indexOf(`Late ${tag}`));
    expect(bySeverity.indexOf(`Late ${tag}`)).toBeLessThan(bySeverity.indexOf(`Low ${tag}`));
    // The overdue one says so; the list is in the navigation; junk filters are ignored.
    const all = await htmlOf(await admin.client.get(`/findings?q=${tag}&status=nonsense&page=abc`));
    expect(all).toContain("Overdue 3 days");
    expect(all).toContain(`href="/findings"`);
    expect(all).toContain(`>Critical ${tag}</a>`);
    const empty = await htmlOf(await admin.client.get(`/findings?q=${tag}&severity=low&status=active`));
    expect(empty).toContain("No finding matches these filters.");
    expect(empty).toContain("Clear the filters");
    // Everyone who reads assessments reads the list.
    expect((await viewer.client.get(`/findings`)).status).toBe(200);
    expect(critical).toBeTruthy();
  });

  it("shows the vendor only its own assessment's findings, without staff-only facts; another vendor gets a 404", async () => {
    const id = await raise(a.assessmentId, { title: "Vendor-visible title", description: "Please publish a notification commitment.", severity: "medium" });
    // Staff-only facts: the owner, an internal note in the history, an acceptance's rationale.
    await admin.client.post(`/findings/${id}`, { intent: "start_remediation", note: "INTERNAL-NOTE-do-not-show" });
    await admin.client.post(`/findings/${id}`, { intent: "reopen", note: "INTERNAL-REOPEN-NOTE" });
    const other = await raise(a.assessmentId, { title: "Accepted one", severity: "low" });
    await admin.client.post(`/findings/${other}`, { intent: "accept", rationale: "SECRET-RATIONALE-xyz", approverId: admin.id, expiresOn: inDays(20) });
    expect((await findingOf(other)).status).toBe("risk_accepted");

    const page = await a.vendor.get(`/v/a/${a.assessmentId}/findings`);
    expect(page.status).toBe(200);
    const html = await htmlOf(page);
    expect(html).toContain("Vendor-visible title");
    expect(html).toContain("Please publish a notification commitment.");
    expect(html).toContain("Medium");
    expect(html).toContain("Open");
    expect(html).toContain("Accepted one");
    for (const secret of ["INTERNAL-NOTE-do-not-show", "INTERNAL-REOPEN-NOTE", "SECRET-RATIONALE-xyz", owner.email, owner.name, admin.email, admin.name]) {
      expect(html, secret).not.toContain(secret);
    }
    // The portal's navigation counts what is still open.
    const overview = await htmlOf(await a.vendor.get(`/v/a/${a.assessmentId}`));
    const active = (
      await db().selectFrom("findings").select("id").where("assessment_id", "=", a.assessmentId).where("status", "in", ["open", "remediating"]).execute()
    ).length;
    expect(overview).toContain(`>Findings (${active} open)</a>`);

    // Vendor B: A's findings page, A's finding through B's own page, A's files: all 404.
    expect((await b.vendor.get(`/v/a/${a.assessmentId}/findings`)).status).toBe(404);
    const before = await counts();
    expect((await postMultipart(b.vendor, `/v/a/${b.assessmentId}/findings`, { findingId: id, response: "Not mine" }, null)).status).toBe(404);
    expect((await postMultipart(b.vendor, `/v/a/${a.assessmentId}/findings`, { findingId: id, response: "Not mine" }, null)).status).toBe(404);
    expect(await counts()).toEqual(before);
    const bPage = await htmlOf(await b.vendor.get(`/v/a/${b.assessmentId}/findings`));
    expect(bPage).not.toContain("Vendor-visible title");
    // Staff pages are not the vendor's.
    expect((await a.vendor.get(`/findings/${id}`)).status).toBe(302);
  });

  it("takes the vendor's response and remediation evidence, moving the finding to remediating; a bad file is refused", async () => {
    const id = await raise(a.assessmentId, { title: "Needs remediation", severity: "high" });
    // A file of a type we do not take: refused next to the file field, nothing written (not even the response).
    let before = await counts();
    const refused = await postMultipart(
      a.vendor,
      `/v/a/${a.assessmentId}/findings`,
      { findingId: id, response: "Here is our fix" },
      { name: "fix.pdf", bytes: EXE },
    );
    expect(refused.status).toBe(415);
    const refusedHtml = await htmlOf(refused);
    expect(refusedHtml).toMatch(new RegExp(`id="file-${id}-error">[^<]*Nothing was saved\\.`));
    expect(refusedHtml).toContain("Here is our fix"); // the response is kept in the form
    expect(await counts()).toEqual(before);
    expect(await findingOf(id)).toMatchObject({ status: "open", vendor_response: null });
    // Neither a response nor a file.
    const emptyPost = await postMultipart(a.vendor, `/v/a/${a.assessmentId}/findings`, { findingId: id, response: "  " }, null);
    expect(emptyPost.status).toBe(400);
    expect(await htmlOf(emptyPost)).toContain("Write a response, or choose a file to upload, or both.");
    expect(await counts()).toEqual(before);

    before = await counts();
    const sent = await postMultipart(
      a.vendor,
      `/v/a/${a.assessmentId}/findings`,
      { findingId: id, response: "We published the commitment in our DPA." },
      { name: "dpa-update.pdf", bytes: PDF, type: "application/pdf" },
    );
    expect(sent.status).toBe(302);
    expect(sent.headers.get("location")).toBe(`/v/a/${a.assessmentId}/findings?done=responded#finding-${id}`);
    const finding = await findingOf(id);
    expect(finding).toMatchObject({ status: "remediating", vendor_response: "We published the commitment in our DPA." });
    const events = await db().selectFrom("finding_events").selectAll().where("finding_id", "=", id).orderBy("id").execute();
    expect(events.map((e) => [e.kind, e.actor_type, e.to_status])).toEqual([
      ["created", "user", "open"],
      ["vendor_response", "vendor", null],
      ["evidence", "vendor", null],
      ["status", "vendor", "remediating"],
    ]);
    const file = await db().selectFrom("finding_evidence").selectAll().where("finding_id", "=", id).executeTakeFirstOrThrow();
    expect(file).toMatchObject({ file_name: "dpa-update.pdf", content_type: "application/pdf", size_bytes: PDF.length, uploaded_by_grant_id: a.grant.id });
    expect(file.sha256).toBe(createHash("sha256").update(PDF).digest("hex"));
    const audit = await db()
      .selectFrom("audit_events")
      .select(["action", "actor_type"])
      .where("entity_id", "=", id)
      .where("action", "like", "finding.%")
      .execute();
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(["finding.vendor_response", "finding.evidence_upload", "finding.status"]));
    expect((await counts()).evidence - before.evidence).toBe(1);

    // The vendor sees their response and downloads their file; vendor B cannot.
    const vendorPage = await htmlOf(await a.vendor.get(`/v/a/${a.assessmentId}/findings?done=responded`));
    expect(vendorPage).toContain("Thank you: your response was sent");
    expect(vendorPage).toContain("We published the commitment in our DPA.");
    expect(vendorPage).toContain(`href="/v/a/${a.assessmentId}/findings/files/${file.id}"`);
    const download = await a.vendor.get(`/v/a/${a.assessmentId}/findings/files/${file.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toContain("attachment");
    expect(Buffer.from(await download.arrayBuffer()).equals(PDF)).toBe(true);
    expect((await b.vendor.get(`/v/a/${a.assessmentId}/findings/files/${file.id}`)).status).toBe(404);
    expect((await b.vendor.get(`/v/a/${b.assessmentId}/findings/files/${file.id}`)).status).toBe(404);

    // Staff see the response and download the file (audited); then close the finding.
    const staffPage = await htmlOf(await admin.client.get(`/findings/${id}`));
    expect(staffPage).toContain("We published the commitment in our DPA.");
    expect(staffPage).toContain(`href="/findings/${id}/files/${file.id}"`);
    expect(staffPage).toContain("The vendor responded");
    const staffDownload = await admin.client.get(`/findings/${id}/files/${file.id}`);
    expect(staffDownload.status).toBe(200);
    expect(Buffer.from(await staffDownload.arrayBuffer()).equals(PDF)).toBe(true);
    const downloads = await db()
      .selectFrom("audit_events")
      .select("details")
      .where("action", "=", "finding.evidence_download")
      .where("entity_id", "=", id)
      .execute();
    expect(downloads.map((d) => d.details.fileId)).toEqual([file.id]);
    expect((await admin.client.get(`/findings/${id}/files/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await admin.client.post(`/findings/${id}`, { intent: "close" })).status).toBe(302);

    // A closed finding takes no response.
    before = await counts();
    const late = await postMultipart(a.vendor, `/v/a/${a.assessmentId}/findings`, { findingId: id, response: "One more thing" }, null);
    expect(late.status).toBe(409);
    expect(await htmlOf(late)).toContain("This finding is closed: it needs no response.");
    expect(await counts()).toEqual(before);
  });

  it("emails the vendor the open findings with a fresh link valid past the latest due date; never staff-only facts", async () => {
    const id = await raise(b.assessmentId, { title: "Tell the vendor", severity: "critical", dueDate: inDays(120) });
    await admin.client.post(`/findings/${id}`, { intent: "start_remediation", note: "INTERNAL-NOTIFY-NOTE" });
    await db().updateTable("assessments").set({ status: "in_review" }).where("id", "=", b.assessmentId).execute();
    const panel = await htmlOf(await admin.client.get(`/assessments/${b.assessmentId}`));
    expect(panel).toContain(`href="/assessments/${b.assessmentId}/findings/notify"`);
    const page = await htmlOf(await admin.client.get(`/assessments/${b.assessmentId}/findings/notify`));
    expect(page).toContain("Tell the vendor");
    expect(page).toContain(b.grant.email);
    const sent = await admin.client.post(`/assessments/${b.assessmentId}/findings/notify`, { intent: "send" });
    expect(sent.status).toBe(302);
    expect(sent.headers.get("location")).toBe(`/assessments/${b.assessmentId}/findings/notify?sent=1`);
    const mail = await db()
      .selectFrom("emails")
      .selectAll()
      .where("to_address", "=", b.grant.email)
      .where("template", "=", "vendor-findings")
      .executeTakeFirstOrThrow();
    expect(mail.subject).toMatch(/^\d+ findings? to remediate from the review of Vendor B/);
    expect(mail.text_body).toContain("Tell the vendor");
    for (const secret of ["INTERNAL-NOTIFY-NOTE", owner.email, admin.email]) expect(mail.text_body ?? "", secret).not.toContain(secret);
    expect(mail.html ?? "").not.toContain("INTERNAL-NOTIFY-NOTE");
    const grant = await db().selectFrom("access_grants").select("expires_at").where("id", "=", b.grant.id).executeTakeFirstOrThrow();
    expect(grant.expires_at.getTime()).toBeGreaterThan(new Date(`${inDays(120)}T00:00:00Z`).getTime());
    const audit = await db()
      .selectFrom("audit_events")
      .select("details")
      .where("action", "=", "finding.vendor_notify")
      .where("entity_id", "=", b.assessmentId)
      .execute();
    expect(audit).toHaveLength(1);
    // The mailed link opens the portal on the findings.
    const token = /\/v\/([A-Za-z0-9_-]{43})/.exec(mail.text_body ?? "")![1];
    const fresh = new WebClient(server.baseUrl);
    expect((await fresh.post(`/v/${token}`, {})).status).toBe(302);
    expect(await htmlOf(await fresh.get(`/v/a/${b.assessmentId}/findings`))).toContain("Tell the vendor");
    // While the questionnaire waits for the buyer the link opens only because a finding awaits the
    // vendor; once none is open, the link says there is nothing to do.
    await db().updateTable("findings").set({ status: "closed", closed_at: new Date() }).where("assessment_id", "=", b.assessmentId).execute();
    const after = await new WebClient(server.baseUrl).get(`/v/${token}`);
    expect(after.status).toBe(410);
    expect(await htmlOf(after)).toContain("This questionnaire has been submitted");
  });

  it("lets a vendor with a live link respond after the decision; an expired link is a 404", async () => {
    const id = await raise(a.assessmentId, { title: "Condition after decision" });
    await db()
      .updateTable("assessments")
      .set({ status: "decided", decision: "approved_with_conditions", decision_rationale: "Conditions apply.", decided_at: new Date(), decided_by: admin.id })
      .where("id", "=", a.assessmentId)
      .execute();
    const page = await a.vendor.get(`/v/a/${a.assessmentId}/findings`);
    expect(page.status).toBe(200);
    expect(await htmlOf(page)).toContain("Condition after decision");
    const sent = await postMultipart(a.vendor, `/v/a/${a.assessmentId}/findings`, { findingId: id, response: "Done after the decision." }, null);
    expect(sent.status).toBe(302);
    expect((await findingOf(id)).status).toBe("remediating");

    // The link's grant expires: the portal is gone, the same 404 as anything else.
    const grant = await db().selectFrom("access_grants").select("expires_at").where("id", "=", a.grant.id).executeTakeFirstOrThrow();
    await db()
      .updateTable("access_grants")
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where("id", "=", a.grant.id)
      .execute();
    try {
      expect((await a.vendor.get(`/v/a/${a.assessmentId}/findings`)).status).toBe(404);
      const before = await counts();
      expect((await postMultipart(a.vendor, `/v/a/${a.assessmentId}/findings`, { findingId: id, response: "Too late" }, null)).status).toBe(404);
      expect(await counts()).toEqual(before);
    } finally {
      await db().updateTable("access_grants").set({ expires_at: grant.expires_at }).where("id", "=", a.grant.id).execute();
    }
  });
});
