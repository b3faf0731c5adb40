// The next cycle on the real server (PGlite, or PostgreSQL with TEST_DATABASE_URL): reassessing a
// decided assessment issues the template's newer version pre-filled with the answers that still
// fit and the evidence still valid; the refusals write nothing; the comparison with the previous
// cycle classifies each answer and the changes page shows both sides.
//
// The previous cycle is put in the "decided" state directly in the database (the decision itself
// is the review's, built separately). Vendor saves go through saveAnswer; the classification does
// not depend on saveAnswer clearing `prefilled` (a save names its grant, a carried row has none).
import { addDays, today } from "~/domain/calendar";
import { goldenDefinition } from "../unit/scoring-fixtures";
import type { TemplateDefinition } from "~/domain/templates/definition";
import { saveAnswer } from "~/services/answers.server";
import { userActor } from "~/services/audit.server";
import { newVersionFrom, publishVersion, saveDraft } from "~/services/template-versions.server";
import { previousCycleChanges, reassess } from "~/services/reassessment.server";
import { createUser } from "../support/factories";
import { answerGolden, issueGolden, publishGolden, type Issued } from "../support/scored-assessment";
import { startTestServer, type TestServer, type WebClient } from "../support/server";
import { signIn } from "../support/sign-in";

/** Server-rendered HTML without React's text separators. */
const textOf = (html: string) => html.replace(/<!-- -->/g, "");

/** Version 2 of the golden template: one question removed, one option dropped, one type changed, one question added. */
function versionTwo(): TemplateDefinition {
  const d = goldenDefinition();
  const [supplier, component] = d.sections as [TemplateDefinition["sections"][number], TemplateDefinition["sections"][number]];
  supplier.questions = supplier.questions
    .filter((q) => q.key !== "s_notes")
    .map((q) => (q.key === "s_iso" ? { ...q, options: q.options!.filter((o) => o.value !== "in_progress") } : q));
  supplier.questions.push({
    key: "s_new",
    prompt: "Do you publish an AI transparency report?",
    type: "yes_no",
    required: false,
    weight: 1,
    domain: "transparency",
    allowNa: false,
    refs: [],
  });
  component.questions = component.questions.map((q) => {
    if (q.key !== "c_notice_days") return q;
    const { min: _min, scoring: _scoring, ...rest } = q;
    return { ...rest, type: "date" as const };
  });
  return d;
}

describe("reassessment", () => {
  let server: TestServer;
  let staff: WebClient;
  let actor: ReturnType<typeof userActor>;
  let v1: string;
  let v2: string;
  let previous: Issued;
  let nextId: string;
  const db = () => server.app.ctx.db;

  /** A form post with repeated fields (checkbox groups), as a browser sends it. */
  async function postForm(client: WebClient, path: string, entries: Array<[string, string]>) {
    const body = new URLSearchParams();
    for (const [k, v] of entries) body.append(k, v);
    return fetch(new URL(path, server.baseUrl), {
      method: "POST",
      redirect: "manual",
      body,
      headers: {
        cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
        "content-type": "application/x-www-form-urlencoded",
        origin: server.baseUrl,
      },
    });
  }

  const decide = (id: string) =>
    db()
      .updateTable("assessments")
      .set({ status: "decided", submitted_at: new Date(), decision: "approved", decision_rationale: "Fine for another year.", decided_at: new Date() })
      .where("id", "=", id)
      .execute();
  const contactOf = async (issued: Issued) =>
    (await db().selectFrom("access_grants").select("contact_id").where("id", "=", issued.grant.id).executeTakeFirstOrThrow()).contact_id!;
  const cyclesAfter = async (id: string) => (await db().selectFrom("assessments").select("id").where("previous_assessment_id", "=", id).execute()).length;
  const invitationsTo = async (email: string) =>
    (await db().selectFrom("emails").select("id").where("to_address", "=", email).where("template", "=", "assessment-invitation").execute()).length;

  beforeAll(async () => {
    server = await startTestServer();
    const admin = await createUser(db(), "admin", { name: "Ada Admin" });
    actor = userActor(admin);
    staff = await signIn(server, admin.email);
    v1 = await publishGolden(server.app.ctx, actor);
    previous = await issueGolden(server.app.ctx, actor, v1);
    await answerGolden(server.app.ctx, previous);
    await decide(previous.assessmentId);
    v2 = await newVersionFrom(server.app.ctx, actor, v1);
    const saved = await saveDraft(server.app.ctx, actor, v2, versionTwo());
    if (!saved.ok) throw new Error(JSON.stringify(saved.problems));
    const published = await publishVersion(server.app.ctx, actor, v2);
    if (!published.ok) throw new Error(JSON.stringify(published.problems));
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("refuses to reassess an open questionnaire, with the message, and writes nothing", async () => {
    const open = await issueGolden(server.app.ctx, actor, v1);
    const contactId = await contactOf(open);
    const message = "This questionnaire is still open for answers: it can be reassessed once it has been decided.";
    await expect(
      reassess(server.app.ctx, actor, open.assessmentId, {
        templateVersionId: v1,
        componentIds: open.componentIds,
        contactIds: [contactId],
        dueDate: addDays(today(), 30),
        message: null,
      }),
    ).rejects.toMatchObject({ kind: "state", message });
    const page = textOf(await (await staff.get(`/assessments/${open.assessmentId}/reassess`)).text());
    expect(page).toContain(message);
    expect(page).not.toContain("Reassess and send invitations");
    const posted = await postForm(staff, `/assessments/${open.assessmentId}/reassess`, [
      ["templateVersionId", v1],
      ["componentIds", open.componentIds[0]],
      ["contactIds", contactId],
      ["dueDate", addDays(today(), 30)],
      ["message", ""],
    ]);
    expect(posted.status).toBe(409);
    expect(textOf(await posted.text())).toContain(message);
    expect(await cyclesAfter(open.assessmentId)).toBe(0);
    expect(await invitationsTo(open.grant.email)).toBe(1); // the first cycle's only
    // The assessment page offers no reassessment while it is open.
    expect(await (await staff.get(`/assessments/${open.assessmentId}`)).text()).not.toContain(`/assessments/${open.assessmentId}/reassess`);
  });

  it("refuses a due date that is not a day, or not in the future, next to the field, and writes nothing", async () => {
    const contactId = await contactOf(previous);
    const form = (dueDate: string): Array<[string, string]> => [
      ["templateVersionId", v2],
      ["componentIds", previous.componentIds[0]],
      ["componentIds", previous.componentIds[1]],
      ["contactIds", contactId],
      ["dueDate", dueDate],
      ["message", "See you next year"],
    ];
    const other = await publishGolden(server.app.ctx, actor); // a version of another template
    const invitationsBefore = await invitationsTo(previous.grant.email);
    const auditBefore = (await db().selectFrom("audit_events").select("seq").execute()).length;
    for (const [dueDate, message] of [
      ["2027-02-30", "Enter the due date as a date, like 2027-03-31"],
      ["next week", "Enter the due date as a date, like 2027-03-31"],
      [today(), "Choose a due date after today"],
      [addDays(today(), -3), "Choose a due date after today"],
    ] as const) {
      const response = await postForm(staff, `/assessments/${previous.assessmentId}/reassess`, form(dueDate));
      expect(response.status).toBe(400);
      const html = textOf(await response.text());
      expect(html).toMatch(new RegExp(`id="dueDate-error"[^>]*>${message}`));
    }
    // No components for a questionnaire with component sections.
    const none = await postForm(
      staff,
      `/assessments/${previous.assessmentId}/reassess`,
      form(addDays(today(), 30)).filter(([k]) => k !== "componentIds"),
    );
    expect(none.status).toBe(400);
    expect(textOf(await none.text())).toMatch(
      /id="componentIds-error"[^>]*>This questionnaire has sections answered for each AI component: choose at least one component/,
    );
    await expect(
      reassess(server.app.ctx, actor, previous.assessmentId, {
        templateVersionId: other,
        componentIds: previous.componentIds,
        contactIds: [contactId],
        dueDate: addDays(today(), 30),
        message: null,
      }),
    ).rejects.toMatchObject({ kind: "invalid", fields: { templateVersionId: expect.stringContaining("newest published version") } });
    expect(await cyclesAfter(previous.assessmentId)).toBe(0);
    expect(await invitationsTo(previous.grant.email)).toBe(invitationsBefore);
    expect((await db().selectFrom("audit_events").select("seq").execute()).length).toBe(auditBefore);
  });

  it("refuses while the supplier is archived", async () => {
    const second = await issueGolden(server.app.ctx, actor, v1);
    await decide(second.assessmentId);
    await db().updateTable("suppliers").set({ archived_at: new Date() }).where("id", "=", second.supplierId).execute();
    const page = textOf(await (await staff.get(`/assessments/${second.assessmentId}/reassess`)).text());
    expect(page).toContain("is archived: questionnaires go to prospective and active suppliers only");
    await expect(
      reassess(server.app.ctx, actor, second.assessmentId, {
        templateVersionId: v2,
        componentIds: second.componentIds,
        contactIds: [await contactOf(second)],
        dueDate: addDays(today(), 30),
        message: null,
      }),
    ).rejects.toMatchObject({ fields: { supplierId: expect.stringContaining("is archived") } });
    expect(await cyclesAfter(second.assessmentId)).toBe(0);
  });

  it("offers the decided assessment's reassessment with the last cycle's components, contacts and the newest version", async () => {
    const detail = textOf(await (await staff.get(`/assessments/${previous.assessmentId}`)).text());
    expect(detail).toContain("Assessment cycles");
    expect(detail).toContain(`href="/assessments/${previous.assessmentId}/reassess"`);
    const response = await staff.get(`/assessments/${previous.assessmentId}/reassess`);
    expect(response.status).toBe(200);
    const html = textOf(await response.text());
    expect(html).toContain(`Reassess ${previous.supplierName}`);
    expect(html).toMatch(new RegExp(`id="templateVersionId-${v2}"[^>]*checked`));
    expect(html).toContain(`id="templateVersionId-${v1}"`);
    expect(html).toContain("version 2");
    for (const id of previous.componentIds) expect(html).toMatch(new RegExp(`id="componentIds-${id}"[^>]*checked`));
    expect(html).toMatch(new RegExp(`id="contactIds-${await contactOf(previous)}"[^>]*checked`));
    // A viewer may read the assessment but not reassess it.
    const viewer = await createUser(db(), "viewer");
    const viewerClient = await signIn(server, viewer.email);
    expect((await viewerClient.get(`/assessments/${previous.assessmentId}/reassess`)).status).toBe(403);
    expect(await (await viewerClient.get(`/assessments/${previous.assessmentId}`)).text()).not.toContain("/reassess");
  });

  it("issues the next cycle with the compatible answers and the still-valid evidence carried over", async () => {
    const contactId = await contactOf(previous);
    const invitationsBefore = await invitationsTo(previous.grant.email);
    const response = await postForm(staff, `/assessments/${previous.assessmentId}/reassess`, [
      ["templateVersionId", v2],
      ["componentIds", previous.componentIds[0]],
      ["componentIds", previous.componentIds[1]],
      ["contactIds", contactId],
      ["dueDate", addDays(today(), 45)],
      ["message", "Time for the yearly check."],
    ]);
    expect(response.status).toBe(302);
    const location = response.headers.get("location") ?? "";
    nextId = /\/assessments\/([0-9a-f-]{36})\?issued=1$/.exec(location)?.[1] ?? "";
    expect(nextId).not.toBe("");

    const next = await db().selectFrom("assessments").selectAll().where("id", "=", nextId).executeTakeFirstOrThrow();
    expect(next).toMatchObject({
      previous_assessment_id: previous.assessmentId,
      template_version_id: v2,
      status: "sent",
      message: "Time for the yearly check.",
    });
    // Issued as any questionnaire is: a grant and an invitation per contact.
    expect(await db().selectFrom("access_grants").select("email").where("assessment_id", "=", nextId).execute()).toEqual([{ email: previous.grant.email }]);
    expect(await invitationsTo(previous.grant.email)).toBe(invitationsBefore + 1);

    const [x, y] = previous.componentIds;
    const answers = await db()
      .selectFrom("answers")
      .select(["question_key", "ai_component_id", "value", "is_na", "prefilled", "revision", "updated_by_grant_id"])
      .where("assessment_id", "=", nextId)
      .execute();
    const byKey = new Map(answers.map((a) => [`${a.question_key}:${a.ai_component_id ?? "-"}`, a]));
    expect([...byKey.keys()].sort()).toEqual(
      [
        "s_policy:-",
        "s_incident:-",
        `c_gpai:${x}`,
        `c_gpai:${y}`,
        `c_bias:${x}`,
        `c_bias:${y}`,
        `c_controls:${x}`,
        `c_controls:${y}`,
        `c_model_card:${x}`, // its file is still valid; y's expired
      ].sort(),
    );
    expect(answers.every((a) => a.prefilled && a.revision === 1 && a.updated_by_grant_id === null)).toBe(true);
    expect(byKey.get("s_policy:-")!.value).toBe("partial");
    expect(byKey.get(`c_bias:${y}`)).toMatchObject({ is_na: true, value: null });
    expect(byKey.get(`c_controls:${x}`)!.value).toEqual(["a", "b"]);
    // Not carried: s_iso ("in progress" is no longer an option), s_notes (removed), c_notice_days (number → date).
    expect(byKey.has("s_iso:-") || byKey.has("s_notes:-") || byKey.has(`c_notice_days:${x}`)).toBe(false);
    // The history records each carried answer, with no grant as its author.
    const history = await db().selectFrom("answer_history").select(["question_key", "updated_by_grant_id"]).where("assessment_id", "=", nextId).execute();
    expect(history).toHaveLength(answers.length);
    expect(history.every((h) => h.updated_by_grant_id === null)).toBe(true);

    // Evidence: the valid model card and the ISO evidence (no end date) are copied; the expired card is not.
    const oldEvidence = await db()
      .selectFrom("evidence")
      .select(["id", "question_key", "ai_component_id", "sha256", "valid_until"])
      .where("assessment_id", "=", previous.assessmentId)
      .execute();
    const copies = await db()
      .selectFrom("evidence")
      .select(["id", "question_key", "ai_component_id", "sha256", "valid_until", "carried_from_id", "size_bytes"])
      .where("assessment_id", "=", nextId)
      .execute();
    expect(copies.map((c) => `${c.question_key}:${c.ai_component_id ?? "-"}`).sort()).toEqual([`c_model_card:${x}`, "s_iso:-"]);
    for (const copy of copies) {
      const source = oldEvidence.find((e) => e.id === copy.carried_from_id)!;
      expect(source).toBeDefined();
      expect(copy.sha256).toBe(source.sha256);
      expect(copy.valid_until).toBe(source.valid_until);
    }
    const card = copies.find((c) => c.question_key === "c_model_card")!;
    expect(byKey.get(`c_model_card:${x}`)!.value).toEqual([card.id]); // the answer points at the copy
    expect(oldEvidence.some((e) => e.ai_component_id === y && e.question_key === "c_model_card")).toBe(true);

    const audit = await db()
      .selectFrom("audit_events")
      .select("details")
      .where("action", "=", "assessment.reassess")
      .where("entity_id", "=", previous.assessmentId)
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ newAssessmentId: nextId, templateVersionId: v2, carriedAnswers: 9, carriedEvidence: 2 });
    expect(audit.details.skippedAnswers).toEqual(expect.arrayContaining([{ questionKey: "s_notes", componentId: null, reason: "removed" }]));

    // The previous cycle now links to the next, and cannot be reassessed twice.
    const detail = textOf(await (await staff.get(`/assessments/${previous.assessmentId}`)).text());
    expect(detail).toContain(`href="/assessments/${nextId}"`);
    expect(detail).not.toContain(`href="/assessments/${previous.assessmentId}/reassess"`);
    await expect(
      reassess(server.app.ctx, actor, previous.assessmentId, {
        templateVersionId: v2,
        componentIds: previous.componentIds,
        contactIds: [contactId],
        dueDate: addDays(today(), 30),
        message: null,
      }),
    ).rejects.toMatchObject({ kind: "conflict", message: expect.stringContaining("already been reassessed") });
    expect(await cyclesAfter(previous.assessmentId)).toBe(1);
  });

  it("classifies each answer against the previous cycle once the vendor confirms one and changes another", async () => {
    const grant = await db().selectFrom("access_grants").select(["id"]).where("assessment_id", "=", nextId).executeTakeFirstOrThrow();
    const [x, y] = previous.componentIds;
    const before = await previousCycleChanges(db(), nextId);
    expect(before?.get("s_policy:-")).toBe("unchanged");
    const save = (questionKey: string, componentId: string | null, value: unknown) =>
      saveAnswer(
        server.app.ctx,
        { id: grant.id, sections: null },
        { assessmentId: nextId, questionKey, componentId, value, isNa: false, comment: null, baseRevision: 1 },
      );
    await save("s_policy", null, "partial"); // the same answer: confirmed
    await save("s_incident", null, "no"); // was "yes": changed

    const changes = (await previousCycleChanges(db(), nextId))!;
    expect(changes.get("s_policy:-")).toBe("confirmed");
    expect(changes.get("s_incident:-")).toBe("changed");
    expect(changes.get(`c_gpai:${x}`)).toBe("unchanged");
    expect(changes.get(`c_bias:${y}`)).toBe("unchanged");
    expect(changes.get("s_new:-")).toBe("new_question");
    expect(changes.get("s_iso:-")).toBe("changed"); // answered before, not carried (its option is gone), not answered yet
    expect(changes.get(`c_model_card:${x}`)).toBe("unchanged");
    expect(changes.get(`c_model_card:${y}`)).toBe("changed"); // its only file had expired: nothing carried
    expect(changes.has(`c_tested:${x}`)).toBe(false); // unanswered in both cycles
    expect(await previousCycleChanges(db(), previous.assessmentId)).toBeNull();
  });

  it("shows the previous and current answers side by side, grouped, with the template's new and removed questions", async () => {
    const detail = textOf(await (await staff.get(`/assessments/${nextId}`)).text());
    expect(detail).toContain("This is a reassessment.");
    expect(detail).toContain(`href="/assessments/${previous.assessmentId}"`);
    expect(detail).toContain(`href="/assessments/${nextId}/changes"`);
    expect(detail).toMatch(/Changed<\/dt><dd><span class="stat__value">5</); // s_incident, s_iso, c_notice_days ×2, y's expired model card

    const response = await staff.get(`/assessments/${nextId}/changes`);
    expect(response.status).toBe(200);
    const html = textOf(await response.text());
    const group = (id: string) => html.slice(html.indexOf(`id="group-${id}"`), html.indexOf("</section>", html.indexOf(`id="group-${id}"`)));
    expect(html).toContain("5 changed, 1 new question, 1 confirmed, 7 not yet confirmed.");
    // s_incident: Yes before, No now (choice labels, not values).
    expect(group("changed")).toMatch(/Question s_incident\?.*?<td>(<span[^>]*>)?Yes<\/span>.*?<td>(<span[^>]*>)?No<\/span>/s);
    expect(group("changed")).toMatch(/Question s_iso\?.*?In progress.*?No answer yet/s);
    expect(group("confirmed")).toMatch(/Question s_policy\?.*?Partly.*?Partly/s);
    expect(group("new_question")).toContain("Do you publish an AI transparency report?");
    expect(group("unchanged")).toMatch(/Question c_model_card\?.*?c_model_card\.pdf \(valid until/s);
    expect(html).toContain("Questions added (1)");
    expect(html).toContain("Questions removed (1)");
    expect(html).toMatch(/Question s_notes\?.*?Previous answer: We keep notes\./s);
    // A first cycle has nothing to compare with.
    expect((await staff.get(`/assessments/${previous.assessmentId}/changes`)).status).toBe(404);
    expect((await staff.get(`/assessments/not-an-id/changes`)).status).toBe(404);
  });
});
