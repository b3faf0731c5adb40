// The reviewer's view of the answers on the real server (PGlite, or PostgreSQL with
// TEST_DATABASE_URL): answers in words beside their questions, evidence links with validity, the
// latest score's line and knock-out, the filters, and the threads: a staff comment stored with its
// visibility and shown with it; bad input, a viewer, another assessment's question or a closed
// assessment refused with a message and nothing written.
import { closeAssessment } from "~/services/assessment-lifecycle.server";
import { userActor } from "~/services/audit.server";
import { latestScore } from "~/services/scores.server";
import { createUser } from "../support/factories";
import { answerGolden, issueGolden, publishGolden, type Issued } from "../support/scored-assessment";
import { startTestServer, WebClient, type TestServer } from "../support/server";
import { signIn } from "../support/sign-in";
import { goldenDefinition, question } from "../unit/scoring-fixtures";

const TOKEN_LINK = /\/v\/([A-Za-z0-9_-]{43})/;

/** Server-rendered HTML without React's text separators, with the entities our texts use decoded. */
const textOf = (html: string) =>
  html
    .replace(/<!-- -->/g, "")
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"');

/** The answers shown on a page, by their anchors (a-<component or supplier>-<question>). */
const anchors = (html: string) => [...html.matchAll(/<li id="(a-[^"]+)"/g)].map((m) => m[1]!);

describe("answer review", () => {
  let server: TestServer;
  let staff: WebClient;
  let viewer: WebClient;
  let scored: Issued;
  let other: Issued;
  let adminName: string;
  const db = () => server.app.ctx.db;
  const page = (id: string, query = "") => staff.get(`/assessments/${id}/answers${query}`);
  const html = async (id: string, query = "") => {
    const response = await page(id, query);
    expect(response.status).toBe(200);
    return textOf(await response.text());
  };
  const commentCount = async () =>
    Number(
      (
        await db()
          .selectFrom("answer_comments")
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const comment = (client: WebClient, id: string, form: Record<string, string>, query = "") =>
    client.post(`/assessments/${id}/answers${query}`, { intent: "comment", componentId: "", visibility: "internal", ...form });

  beforeAll(async () => {
    server = await startTestServer();
    const admin = await createUser(db(), "admin", { name: "Ada Admin" });
    adminName = admin.name;
    const auditor = await createUser(db(), "viewer", { name: "Val Viewer" });
    staff = await signIn(server, admin.email);
    viewer = await signIn(server, auditor.email);
    const actor = userActor(admin);
    const versionId = await publishGolden(server.app.ctx, actor);
    scored = await issueGolden(server.app.ctx, actor, versionId);
    await answerGolden(server.app.ctx, scored, { incident: "no" });
    // The vendor submits through the portal: the score is stored with the submit.
    const mail = await db().selectFrom("emails").select("text_body").where("to_address", "=", scored.grant.email).executeTakeFirstOrThrow();
    const vendor = new WebClient(server.baseUrl);
    expect((await vendor.post(`/v/${TOKEN_LINK.exec(mail.text_body ?? "")![1]}`, {})).status).toBe(302);
    expect((await vendor.post(`/v/a/${scored.assessmentId}/submit`, { intent: "submit" })).status).toBe(200);
    expect(await latestScore(db(), scored.assessmentId)).not.toBeNull();

    // Another assessment, of a template with a question the first one does not have.
    const definition = goldenDefinition();
    definition.sections[0]!.questions.push(question("only_elsewhere", { type: "yes_no", domain: "governance" }));
    other = await issueGolden(server.app.ctx, actor, await publishGolden(server.app.ctx, actor, definition));
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("shows each question beside its answer in words, with evidence links and validity, the score and the knock-out", async () => {
    const text = await html(scored.assessmentId);
    const [x, y] = scored.componentIds;
    expect(text).toContain("<h1>Answers: " + scored.supplierName);
    expect(text).toMatch(/About Vision API/);
    expect(text).toContain("Question s_iso?"); // the prompt is the label
    expect(text).toContain(">In progress<"); // a choice's label, not its key
    expect(text).not.toContain(">in_progress<");
    expect(text).toContain(">Partly<");
    expect(text).toContain(">Not applicable<"); // c_bias for the second component
    expect(text).toContain("We keep notes.");
    // Evidence: a download link of this assessment, size, and validity in words.
    const files = await db().selectFrom("evidence").select(["id", "ai_component_id", "valid_until"]).where("assessment_id", "=", scored.assessmentId).execute();
    for (const f of files) expect(text).toContain(`href="/assessments/${scored.assessmentId}/evidence/${f.id}"`);
    expect(text).toMatch(
      /c_model_card\.pdf<\/a> <span class="review-item__file-facts">\d+ B, <span class="review-validity review-validity--valid">valid until/,
    );
    expect(text).toMatch(/<strong>Expired<\/strong>: expired on \d+ \w+ \d{4}/);
    expect(text).toContain("no expiry date given");
    // The score beside the answer, and the knock-out on the answer that fired it.
    expect(text).toMatch(/Score:<\/span> 0\.5 of 1 point \(weight 2\), adds [\d.]+ of a possible [\d.]+ to Governance and accountability/);
    expect(text).toContain("<strong>Knock-out (critical)</strong>: No incident-notification commitment. Caps the grade at E.");
    expect(text).toContain(`href="/assessments/${scored.assessmentId}/scorecard#l-supplier-s_incident"`);
    expect(text).toContain("grade E");
    // Sections fold without JavaScript, each with its answered count.
    expect(text).toMatch(/<details class="review-section" id="s-supplier-supplier" open="">/);
    expect(text).toMatch(/4 of 4 answered/);
    // The reviewer's links per answer.
    expect(text).toContain(`href="/assessments/${scored.assessmentId}/findings/new?question=c_bias&component=${y}"`);
    expect(text).toContain(`href="/assessments/${scored.assessmentId}/findings/new?question=s_policy&component="`);
    // "Submitted" does not allow a clarification request (the review has not started).
    expect(text).not.toContain("Request clarification");
    expect(anchors(text)).toContain(`a-${x}-c_model_card`);
    // The staff assessment page links here.
    expect(await (await staff.get(`/assessments/${scored.assessmentId}`)).text()).toContain(`/assessments/${scored.assessmentId}/answers`);
  });

  it("offers 'Request clarification' once the review is under way", async () => {
    await db().updateTable("assessments").set({ status: "in_review" }).where("id", "=", scored.assessmentId).execute();
    try {
      const text = await html(scored.assessmentId);
      expect(text).toContain(`href="/assessments/${scored.assessmentId}/clarifications?question=s_iso&component="`);
      expect(text).toContain('Request clarification<span class="visually-hidden"> of question 1.2</span>');
    } finally {
      await db().updateTable("assessments").set({ status: "submitted" }).where("id", "=", scored.assessmentId).execute();
    }
  });

  it("each filter narrows the answers, keeps the others and shows its count", async () => {
    const [x, y] = scored.componentIds;
    const all = anchors(await html(scored.assessmentId));
    expect(all).toHaveLength(16);

    const unanswered = await html(scored.assessmentId, "?show=unanswered");
    // Components in name order: "Text model" (y) before "Vision API" (x).
    expect(anchors(unanswered)).toEqual([`a-${y}-c_tested`, `a-${x}-c_tested`]);
    expect(unanswered).toContain('<input type="checkbox" id="filter-unanswered" name="show" checked="" value="unanswered"/>'); // kept ticked
    expect(unanswered).toContain("Showing 2 of 16 questions: unanswered.");
    expect(unanswered).toContain("Not answered");

    const knockouts = await html(scored.assessmentId, "?show=knockouts");
    expect(anchors(knockouts)).toEqual(["a-supplier-s_incident"]);
    expect(knockouts).toContain('Knock-outs <span class="review-filters__count">(1)</span>');

    expect(anchors(await html(scored.assessmentId, "?show=evidence"))).toEqual(["a-supplier-s_iso", `a-${y}-c_model_card`, `a-${x}-c_model_card`]);
    // Filters combine: with evidence and a knock-out, nothing; the page says so.
    const none = await html(scored.assessmentId, "?show=evidence&show=knockouts");
    expect(anchors(none)).toEqual([]);
    expect(none).toContain("No question matches these filters.");

    // The first cycle: "changed since last cycle" is there, disabled, with the reason; asking for it changes nothing.
    const changed = await html(scored.assessmentId, "?show=changed");
    expect(changed).toMatch(/<input type="checkbox" id="filter-changed" name="show" disabled="" aria-describedby="filter-changed-why" value="changed"\/>/);
    expect(changed).toContain("Not available: first cycle");
    expect(anchors(changed)).toHaveLength(16);

    // With comments: none yet, then the one commented answer.
    expect(anchors(await html(scored.assessmentId, "?show=comments"))).toEqual([]);
    expect((await comment(staff, scored.assessmentId, { questionKey: "s_notes", body: "Filter me" })).status).toBe(302);
    const comments = await html(scored.assessmentId, "?show=comments&show=nonsense");
    expect(anchors(comments)).toEqual(["a-supplier-s_notes"]);
    expect(comments).toContain('With comments <span class="review-filters__count">(1)</span>');
    // Unknown filters are ignored; a filter with no match is an empty list, not an error.
    expect((await page(scored.assessmentId, "?show=%00")).status).toBe(200);
  });

  it("stores a staff comment with its visibility, audits it and shows it with author, time and a visibility tag", async () => {
    const [, y] = scored.componentIds;
    const internal = await comment(
      staff,
      scored.assessmentId,
      { questionKey: "s_policy", body: "Policy looks thin.\nAsk for the board minutes." },
      "?show=evidence",
    );
    expect(internal.status).toBe(302);
    expect(internal.headers.get("location")).toBe(`/assessments/${scored.assessmentId}/answers?show=evidence&done=comment#a-supplier-s_policy`);
    const visible = await comment(staff, scored.assessmentId, {
      questionKey: "c_bias",
      componentId: y,
      body: "Why is bias testing not applicable?",
      visibility: "vendor",
    });
    expect(visible.headers.get("location")).toBe(`/assessments/${scored.assessmentId}/answers?done=comment#a-${y}-c_bias`);

    const rows = await db()
      .selectFrom("answer_comments")
      .select(["question_key", "ai_component_id", "visibility", "body", "author_label"])
      .where("assessment_id", "=", scored.assessmentId)
      .where("question_key", "in", ["s_policy", "c_bias"])
      .orderBy("created_at")
      .execute();
    expect(rows).toEqual([
      {
        question_key: "s_policy",
        ai_component_id: null,
        visibility: "internal",
        body: "Policy looks thin.\nAsk for the board minutes.",
        author_label: expect.any(String),
      },
      { question_key: "c_bias", ai_component_id: y, visibility: "vendor", body: "Why is bias testing not applicable?", author_label: expect.any(String) },
    ]);
    const audits = await db()
      .selectFrom("audit_events")
      .select(["details"])
      .where("action", "=", "review.comment")
      .where("entity_id", "=", scored.assessmentId)
      .execute();
    expect(audits.map((a) => (a.details as { visibility: string }).visibility)).toEqual(expect.arrayContaining(["internal", "vendor"]));

    const text = await html(scored.assessmentId, "?done=comment");
    expect(text).toContain("Comment added.");
    const policy = text.slice(text.indexOf('id="a-supplier-s_policy"'), text.indexOf('id="a-supplier-s_iso"'));
    expect(policy).toContain('<span class="review-tag review-tag--internal">Internal</span>');
    expect(policy).toContain("Policy looks thin.\nAsk for the board minutes.");
    expect(policy).toContain(adminName);
    expect(policy).toMatch(/<time dateTime="[^"]+">\d+ \w+ \d{4}, \d\d:\d\d UTC<\/time>/);
    expect(policy).toContain("Thread (1)");
    const bias = text.slice(text.indexOf(`id="a-${y}-c_bias"`));
    expect(bias).toContain('<span class="review-tag review-tag--vendor">Visible to vendor</span>');
    // The form: labelled, internal by default.
    expect(text).toMatch(/<input type="radio" id="a-supplier-s_policy-internal" name="visibility" checked="" value="internal"\/>/);
    expect(text).toContain('<label for="a-supplier-s_policy-body">Comment<span class="visually-hidden"> on question 1.1</span></label>');
  });

  it("refuses bad comments with a message next to the field or at the top, and writes nothing", async () => {
    const [x] = scored.componentIds;
    const before = await commentCount();
    const cases: Array<[Record<string, string>, string, "field" | "top"]> = [
      [{ questionKey: "s_policy", body: "   " }, "Write a comment.", "field"],
      [{ questionKey: "s_policy", body: "x".repeat(5001) }, "Keep the comment under 5000 characters.", "field"],
      [{ questionKey: "s_policy", body: "Hi", visibility: "everyone" }, "Choose who can see the comment.", "field"],
      [{ questionKey: "no_such_question", body: "Hi" }, "That question is not part of this questionnaire.", "top"],
      [{ questionKey: "only_elsewhere", body: "Hi" }, "That question is not part of this questionnaire.", "top"], // the other assessment's question
      [{ questionKey: "c_bias", componentId: other.componentIds[0], body: "Hi" }, "That AI component is not part of this assessment.", "top"],
      [{ questionKey: "c_bias", body: "Hi" }, "That question is answered per AI component: name the component.", "top"],
      [{ questionKey: "s_policy", componentId: x, body: "Hi" }, "That question is answered once for the supplier, not per AI component.", "top"],
      [{ questionKey: "s_policy", componentId: "not-a-uuid", body: "Hi" }, "That AI component is not part of this assessment.", "top"],
      [{ questionKey: "Robert'); DROP TABLE", body: "Hi" }, "Choose a question.", "top"],
      [{ questionKey: "s_policy", body: "Hi", intent: "delete" }, "The request was not understood.", "top"],
    ];
    for (const [form, message, where] of cases) {
      const response = await comment(staff, scored.assessmentId, form);
      expect(response.status, message).toBe(400);
      const text = textOf(await response.text());
      expect(text, message).toContain(message);
      if (where === "field") {
        // Inside the answer's own form, the text kept, the field marked invalid.
        const own = text.slice(text.indexOf('id="a-supplier-s_policy"'), text.indexOf('id="a-supplier-s_iso"'));
        expect(own).toContain(message);
        expect(own).toMatch(/<details class="review-thread__add" open="">/);
        if (form.body === "x".repeat(5001)) expect(own).toContain("x".repeat(5001));
      } else {
        expect(text).toMatch(new RegExp(`<p class="flash flash--error" role="alert">${message.replace(/[.()]/g, "\\$&")}`));
      }
    }
    expect(await commentCount()).toBe(before);
  });

  it("refuses a viewer (403) and shows them no form; another or an unknown assessment is a 404", async () => {
    const before = await commentCount();
    const refused = await comment(viewer, scored.assessmentId, { questionKey: "s_policy", body: "I am only a viewer" });
    expect(refused.status).toBe(403);
    const seen = await viewer.get(`/assessments/${scored.assessmentId}/answers`);
    expect(seen.status).toBe(200);
    const text = await seen.text();
    expect(text).toContain("Policy looks thin."); // threads are readable
    expect(text).not.toContain("Add a comment");
    expect(text).not.toContain("Raise a finding");
    expect((await comment(staff, "00000000-0000-4000-8000-000000000000", { questionKey: "s_policy", body: "Hi" })).status).toBe(404);
    expect((await comment(staff, "not-an-id", { questionKey: "s_policy", body: "Hi" })).status).toBe(404);
    expect((await page("00000000-0000-4000-8000-000000000000")).status).toBe(404);
    // Signed out: to the sign-in page.
    expect((await new WebClient(server.baseUrl).get(`/assessments/${scored.assessmentId}/answers`)).status).toBe(302);
    expect(await commentCount()).toBe(before);
  });

  it("a closed assessment's threads are read-only: the form is gone and a post is refused with a message", async () => {
    const admin = await db().selectFrom("users").selectAll().where("name", "=", adminName).executeTakeFirstOrThrow();
    await closeAssessment(server.app.ctx, userActor(admin), other.assessmentId);
    const text = await html(other.assessmentId);
    expect(text).toContain("Not answered");
    // Never scored: no score lines, and the knock-out filter says why it is off.
    expect(text).toContain("Not scored yet: scores appear once the vendor submits.");
    expect(text).toContain("Not available: not scored yet.");
    expect(text).not.toContain("Score:</span>");
    expect(text).not.toContain("Add a comment");
    const before = await commentCount();
    const refused = await comment(staff, other.assessmentId, { questionKey: "s_policy", body: "Too late" });
    expect(refused.status).toBe(409);
    expect(textOf(await refused.text())).toContain("This assessment is closed: its threads are read-only.");
    expect(await commentCount()).toBe(before);
  });
});
