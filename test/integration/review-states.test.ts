// The review's states on the real server (PGlite, or PostgreSQL with TEST_DATABASE_URL): every
// review move allowed and refused (start review, decide, expire, close), the decision's checks
// (a clear message, nothing written), who is mailed on submit and on the decision, the audit
// events, the review panel and its forms, the decision page, /reviews and its views, and the
// decision in the scorecard PDF.
import { sql } from "kysely";
import type { AssessmentStatus } from "~/domain/assessment-lifecycle";
import { addDays, addMonths, formatDate, today } from "~/domain/calendar";
import { checkDecision, decisionFromForm, type DecisionInput } from "~/domain/review/decision-form";
import { REVIEW_DAYS } from "~/domain/review/review-dates";
import { closeAssessment, decideAssessment, expireDecisions, startReview, submitAssessment } from "~/services/assessment-lifecycle.server";
import { userActor, type Actor } from "~/services/audit.server";
import { enqueue, JOBS } from "~/services/queue.server";
import { assignReviewer, reviewerCandidates, setReviewDueDate, unassignReviewer } from "~/services/reviewers.server";
import { eventually } from "../support/app";
import { createUser } from "../support/factories";
import { answerGolden, issueGolden, publishGolden, type Issued } from "../support/scored-assessment";
import { startTestServer, WebClient, type TestServer } from "../support/server";
import { signIn } from "../support/sign-in";

/** Server-rendered HTML without React's text separators. */
const textOf = (html: string) =>
  html
    .replace(/<!-- -->/g, "")
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"');

async function readPdfText(bytes: Uint8Array): Promise<string> {
  const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const doc = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false }).promise;
  try {
    const pages: string[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const content = await (await doc.getPage(i)).getTextContent();
      pages.push(content.items.map((item) => ("str" in item ? item.str : "")).join(" "));
    }
    return pages.join("\n");
  } finally {
    await doc.destroy();
  }
}

type User = Awaited<ReturnType<typeof createUser>>;

describe("review states", () => {
  let server: TestServer;
  let versionId: string;
  let admin: User;
  let procurement: User;
  let owner: User; // owns the internal systems that depend on the first component
  let reviewer: User;
  let viewer: User;
  let staff: WebClient;
  let asReviewer: WebClient;
  let procurementActor: Actor;
  const db = () => server.app.ctx.db;
  const ctx = () => server.app.ctx;
  const day = today();

  beforeAll(async () => {
    server = await startTestServer();
    admin = await createUser(db(), "admin", { name: "Ada Admin" });
    procurement = await createUser(db(), "procurement", { name: "Pia Procurement" });
    owner = await createUser(db(), "risk_owner", { name: "Omar Owner" });
    reviewer = await createUser(db(), "risk_owner", { name: "Rita Reviewer" });
    viewer = await createUser(db(), "viewer", { name: "Vic Viewer" });
    procurementActor = userActor(procurement);
    // Signed in before any other mail reaches these addresses (the helper reads the latest one).
    staff = await signIn(server, admin.email);
    asReviewer = await signIn(server, reviewer.email);
    versionId = await publishGolden(ctx(), userActor(admin));
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  const statusOf = async (id: string) => (await db().selectFrom("assessments").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status;
  const auditOf = (id: string, action: string) =>
    db()
      .selectFrom("audit_events")
      .select(["action", "details", "actor_label", "actor_type"])
      .where("entity_id", "=", id)
      .where("action", "=", action)
      .execute();
  const mailsTo = (email: string, id: string) =>
    db()
      .selectFrom("emails")
      .select(["template", "subject", "text_body"])
      .where("to_address", "=", email)
      .where("text_body", "like", `%/assessments/${id}%`)
      .orderBy("created_at")
      .execute();

  /** Puts an assessment in a state directly, with the columns the table's checks ask for. */
  async function setStatus(id: string, status: AssessmentStatus, validUntil: string = addMonths(day, 12)) {
    const decided = status === "decided" || status === "expired";
    await db()
      .updateTable("assessments")
      .set({
        status,
        submitted_at: status === "sent" || status === "in_progress" ? null : new Date(),
        closed_at: status === "closed" ? new Date() : null,
        decision: decided ? "approved" : null,
        decision_rationale: decided ? "Set by the test" : null,
        decided_at: decided ? new Date() : null,
        valid_until: decided ? validUntil : null,
        expired_at: status === "expired" ? new Date() : null,
      })
      .where("id", "=", id)
      .execute();
  }

  async function issued(): Promise<Issued> {
    return issueGolden(ctx(), procurementActor, versionId);
  }

  async function submitted(): Promise<Issued> {
    const a = await issued();
    await answerGolden(ctx(), a);
    await submitAssessment(ctx(), a.grant, a.assessmentId);
    return a;
  }

  const approve = (overrides: Partial<DecisionInput> = {}): DecisionInput => ({
    decision: "approved",
    rationale: "Answers and evidence are adequate.",
    validUntil: addMonths(day, 12),
    conditions: [],
    ...overrides,
  });

  it("on submit, mails the dependent systems' owners and the reviewers to review (else procurement), each once; owners are suggested first", async () => {
    const a = await issued();
    const [x, y] = a.componentIds;
    const otherOwner = await createUser(db(), "procurement", { name: "Paul Supplier-Owner" });
    const disabledOwner = await createUser(db(), "risk_owner", { name: "Dora Disabled" });
    await db().updateTable("users").set({ disabled_at: new Date() }).where("id", "=", disabledOwner.id).execute();
    await db().updateTable("suppliers").set({ procurement_owner_id: otherOwner.id }).where("id", "=", a.supplierId).execute();
    const systems = await db()
      .insertInto("ai_systems")
      .values([
        { name: "Credit model v3", criticality: "high", eu_ai_act_class: "high_risk", lifecycle: "in_production", owner_id: owner.id },
        { name: "Claims triage", criticality: "medium", eu_ai_act_class: "limited_risk", lifecycle: "in_production", owner_id: owner.id },
        { name: "Old pilot", criticality: "low", eu_ai_act_class: "minimal_risk", lifecycle: "in_production", owner_id: disabledOwner.id },
      ])
      .returning("id")
      .execute();
    await db()
      .insertInto("ai_system_dependencies")
      .values([
        { ai_system_id: systems[0]!.id, ai_component_id: x },
        { ai_system_id: systems[1]!.id, ai_component_id: x },
        { ai_system_id: systems[1]!.id, ai_component_id: y },
        { ai_system_id: systems[2]!.id, ai_component_id: y },
      ])
      .execute();

    // Suggested first: the owner of the dependent systems, with why.
    const candidates = await reviewerCandidates(db(), a.assessmentId);
    expect(candidates[0]).toMatchObject({ id: owner.id, suggestedBecause: expect.stringContaining("owns Credit model v3, which depends on") });
    expect(candidates.map((c) => c.id)).not.toContain(disabledOwner.id);
    expect(candidates.map((c) => c.id)).not.toContain(procurement.id);

    // A reviewer assigned before the vendor submits is told when they do (not before).
    await assignReviewer(ctx(), userActor(admin), a.assessmentId, { userId: reviewer.id });
    expect(await mailsTo(reviewer.email, a.assessmentId)).toEqual([]);

    await answerGolden(ctx(), a);
    await submitAssessment(ctx(), a.grant, a.assessmentId);
    expect(await statusOf(a.assessmentId)).toBe("submitted");
    const row = await db().selectFrom("assessments").select("review_due_date").where("id", "=", a.assessmentId).executeTakeFirstOrThrow();
    expect(row.review_due_date).toBe(addDays(day, REVIEW_DAYS));

    const ownerMail = await mailsTo(owner.email, a.assessmentId);
    expect(ownerMail).toHaveLength(1);
    expect(ownerMail[0]).toMatchObject({ template: "review-requested" });
    expect(ownerMail[0]!.subject).toContain(`Review requested: ${a.supplierName} submitted`);
    expect(ownerMail[0]!.text_body).toContain("you own Claims triage, which depends on");
    expect(ownerMail[0]!.text_body).toContain("you own Credit model v3, which depends on");
    expect(ownerMail[0]!.text_body).toContain(`The review is due on ${formatDate(addDays(day, REVIEW_DAYS))}`);
    const reviewerMail = await mailsTo(reviewer.email, a.assessmentId);
    expect(reviewerMail.map((m) => m.template)).toEqual(["review-requested"]);
    expect(reviewerMail[0]!.text_body).toContain("you are a reviewer");
    // With a reviewer, procurement is not asked; the disabled owner never is.
    expect(await mailsTo(procurement.email, a.assessmentId)).toEqual([]);
    expect(await mailsTo(otherOwner.email, a.assessmentId)).toEqual([]);
    expect(await mailsTo(disabledOwner.email, a.assessmentId)).toEqual([]);
    // Without one, whoever issued it is told (and the supplier's procurement owner only when nobody issued it).
    const b = await submitted();
    expect((await mailsTo(procurement.email, b.assessmentId)).map((m) => m.template)).toEqual(["assessment-submitted"]);
    expect(await auditOf(a.assessmentId, "assessment.submit")).toHaveLength(1);
    expect(await auditOf(a.assessmentId, "review.assign")).toHaveLength(1);

    // The staff page shows the review panel: state, reviewers, the owners, the due date, the actions.
    const page = textOf(await (await staff.get(`/assessments/${a.assessmentId}`)).text());
    expect(page).toContain(`id="review-heading"`);
    expect(page).toContain("Rita Reviewer");
    expect(page).toContain("Omar Owner");
    expect(page).toContain("Suggested: owners of dependent systems");
    expect(page).toContain("Start review");
    expect(page).toContain(`Due in ${REVIEW_DAYS} days`);
    expect(page).not.toContain("Record the decision");
  });

  it("starts a review from submitted and resubmitted only; whoever starts an unassigned one becomes its reviewer", async () => {
    const a = await submitted();
    await startReview(ctx(), userActor(reviewer), a.assessmentId);
    const row = await db().selectFrom("assessments").select(["status", "review_started_at"]).where("id", "=", a.assessmentId).executeTakeFirstOrThrow();
    expect(row.status).toBe("in_review");
    expect(row.review_started_at).toBeInstanceOf(Date);
    expect(
      (await db().selectFrom("assessment_reviewers").select("user_id").where("assessment_id", "=", a.assessmentId).execute()).map((r) => r.user_id),
    ).toEqual([reviewer.id]);
    expect(await auditOf(a.assessmentId, "review.start")).toHaveLength(1);

    // Back from the vendor's changes: into review again, the first start kept.
    await setStatus(a.assessmentId, "resubmitted");
    await startReview(ctx(), userActor(admin), a.assessmentId);
    expect(await statusOf(a.assessmentId)).toBe("in_review");
    const again = await db().selectFrom("assessments").select("review_started_at").where("id", "=", a.assessmentId).executeTakeFirstOrThrow();
    expect(again.review_started_at).toEqual(row.review_started_at);
    expect(await db().selectFrom("assessment_reviewers").select("user_id").where("assessment_id", "=", a.assessmentId).execute()).toHaveLength(1);

    const refusals: Array<[AssessmentStatus, string]> = [
      ["sent", "Only a submitted or resubmitted questionnaire can be taken into review; this one is sent."],
      ["in_progress", "Only a submitted or resubmitted questionnaire can be taken into review; this one is in progress."],
      ["in_review", "This questionnaire is already in review."],
      ["changes_requested", "Only a submitted or resubmitted questionnaire can be taken into review; this one is changes requested."],
      ["decided", "Only a submitted or resubmitted questionnaire can be taken into review; this one is decided."],
      ["expired", "Only a submitted or resubmitted questionnaire can be taken into review; this one is expired."],
      ["closed", "This questionnaire is closed."],
    ];
    const b = await issued();
    for (const [status, message] of refusals) {
      await setStatus(b.assessmentId, status);
      await expect(startReview(ctx(), userActor(admin), b.assessmentId), status).rejects.toMatchObject({ kind: "state", message });
      expect(await statusOf(b.assessmentId)).toBe(status);
    }
    expect(await auditOf(b.assessmentId, "review.start")).toEqual([]);
    expect(await db().selectFrom("assessment_reviewers").select("user_id").where("assessment_id", "=", b.assessmentId).execute()).toEqual([]);
  });

  it("decides from in review and resubmitted only, recording who, when and until when", async () => {
    for (const from of ["in_review", "resubmitted"] as const) {
      const a = await submitted();
      await setStatus(a.assessmentId, from);
      await decideAssessment(ctx(), userActor(reviewer), a.assessmentId, approve({ decision: from === "in_review" ? "approved" : "rejected" }));
      const row = await db()
        .selectFrom("assessments")
        .select(["status", "decision", "decision_rationale", "decided_by", "decided_at", "valid_until"])
        .where("id", "=", a.assessmentId)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        status: "decided",
        decision: from === "in_review" ? "approved" : "rejected",
        decision_rationale: "Answers and evidence are adequate.",
        decided_by: reviewer.id,
        valid_until: addMonths(day, 12),
      });
      expect(row.decided_at).toBeInstanceOf(Date);
      const [event] = await auditOf(a.assessmentId, "review.decide");
      expect(event).toMatchObject({ actor_label: reviewer.email, details: { from, decision: row.decision, validUntil: addMonths(day, 12) } });
    }
    const refusals: Array<[AssessmentStatus, string]> = [
      ["sent", "Only a questionnaire in review can be decided; this one is sent."],
      ["in_progress", "Only a questionnaire in review can be decided; this one is in progress."],
      ["submitted", "Start the review before deciding."],
      ["changes_requested", "Only a questionnaire in review can be decided; this one is changes requested."],
      ["decided", "This questionnaire has already been decided."],
      ["expired", "This questionnaire has already been decided."],
      ["closed", "This questionnaire is closed."],
    ];
    const b = await issued();
    for (const [status, message] of refusals) {
      await setStatus(b.assessmentId, status);
      await expect(decideAssessment(ctx(), userActor(admin), b.assessmentId, approve()), status).rejects.toMatchObject({ kind: "state", message });
      expect(await statusOf(b.assessmentId)).toBe(status);
    }
    expect(await auditOf(b.assessmentId, "review.decide")).toEqual([]);
  });

  it("refuses a bad decision with a message next to the field and writes nothing", async () => {
    const a = await submitted();
    await startReview(ctx(), userActor(admin), a.assessmentId);
    const url = `/assessments/${a.assessmentId}/decision`;
    const page = await staff.get(url);
    expect(page.status).toBe(200);
    const form = textOf(await page.text());
    expect(form).toContain("Record the decision");
    expect(form).toContain(`name="conditions.2.title"`); // three empty condition rows without JavaScript
    expect(form).toContain(`value="${addMonths(day, 12)}"`); // no dependent system: the default 12 months

    const good = { decision: "approved", rationale: "Fine.", validUntil: addMonths(day, 6) };
    const cases: Array<[Record<string, string>, string, string]> = [
      [{ ...good, rationale: "   " }, "rationale", "Write the rationale"],
      [{ ...good, decision: "" }, "decision", "Choose a decision"],
      [{ ...good, decision: "approved_with_conditions" }, "conditions", "Add at least one condition"],
      [
        { ...good, decision: "approved_with_conditions", "conditions.0.title": "Pen test", "conditions.0.severity": "high" },
        "conditions-0-dueDate",
        "Give the condition a due date",
      ],
      [
        {
          ...good,
          decision: "approved_with_conditions",
          "conditions.1.title": "Pen test",
          "conditions.1.severity": "high",
          "conditions.1.dueDate": "2027-02-30",
        },
        "conditions-1-dueDate",
        "Enter a date as YYYY-MM-DD",
      ],
      [{ ...good, validUntil: addDays(day, -1) }, "validUntil", "The decision must hold beyond today"],
      [{ ...good, validUntil: day }, "validUntil", "The decision must hold beyond today"],
      [{ ...good, validUntil: "next year" }, "validUntil", "Enter a date as YYYY-MM-DD"],
      [
        { ...good, "conditions.0.title": "Stray", "conditions.0.severity": "low", "conditions.0.dueDate": addDays(day, 5) },
        "conditions",
        "Only “Approved with conditions” takes conditions",
      ],
    ];
    for (const [body, field, message] of cases) {
      const response = await staff.post(url, body);
      expect(response.status, message).toBe(400);
      const html = textOf(await response.text());
      expect(html, message).toContain(message);
      expect(html, message).toMatch(new RegExp(`id="${field}-error"[^>]*>${message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
    }
    expect(await statusOf(a.assessmentId)).toBe("in_review");
    expect(await db().selectFrom("findings").select("id").where("assessment_id", "=", a.assessmentId).execute()).toEqual([]);
    expect(await auditOf(a.assessmentId, "review.decide")).toEqual([]);
    expect(
      await db().selectFrom("emails").select("id").where("template", "=", "assessment-decided").where("text_body", "like", `%${a.assessmentId}%`).execute(),
    ).toEqual([]);

    // The same rules in the pure check the browser runs.
    const checked = checkDecision(decisionFromForm({ decision: "approved_with_conditions", rationale: "", validUntil: "x", "conditions.0.title": "T" }), day);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(Object.keys(checked.problems).sort()).toEqual(["conditions.0.dueDate", "conditions.0.severity", "rationale", "validUntil"]);

    // Another (or no) assessment is a plain 404, whatever the body.
    const unknown = "/assessments/00000000-0000-4000-8000-000000000000/decision";
    expect((await staff.get(unknown)).status).toBe(404);
    expect((await staff.post(unknown, good)).status).toBe(404);
    expect((await staff.post("/assessments/not-a-uuid/decision", good)).status).toBe(404);

    // A viewer may not decide.
    const asViewer = await signIn(server, viewer.email);
    expect((await asViewer.get(url)).status).toBe(403);
    expect((await asViewer.post(url, good)).status).toBe(403);
    expect(await statusOf(a.assessmentId)).toBe("in_review");
  });

  it("approves with conditions: findings with due dates, the decision mail to procurement and the system owners, the panel, the scorecard and its PDF", async () => {
    const a = await submitted();
    await db().updateTable("suppliers").set({ procurement_owner_id: procurement.id }).where("id", "=", a.supplierId).execute();
    const system = await db()
      .insertInto("ai_systems")
      .values({ name: "Fraud screen", criticality: "critical", eu_ai_act_class: "high_risk", lifecycle: "in_production", owner_id: owner.id })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db().insertInto("ai_system_dependencies").values({ ai_system_id: system.id, ai_component_id: a.componentIds[0] }).execute();
    await startReview(ctx(), userActor(reviewer), a.assessmentId);

    // The default validity follows the methodology: critical inherent risk → 6 months.
    const url = `/assessments/${a.assessmentId}/decision`;
    const form = textOf(await (await asReviewer.get(url)).text());
    expect(form).toContain(`value="${addMonths(day, 6)}"`);
    expect(form).toContain("6 months: the methodology's reassessment cadence for critical inherent risk");

    const response = await asReviewer.post(url, {
      decision: "approved_with_conditions",
      rationale: "Adequate, once the pen test is done.",
      validUntil: addMonths(day, 6),
      "conditions.0.title": "Annual penetration test report",
      "conditions.0.severity": "high",
      "conditions.0.dueDate": addDays(day, 60),
      "conditions.0.description": "Send the latest external pen test summary.",
      "conditions.1.title": "",
      "conditions.2.title": "Name a security contact",
      "conditions.2.severity": "low",
      "conditions.2.dueDate": addDays(day, 14),
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/assessments/${a.assessmentId}?review=decided#review`);
    const row = await db().selectFrom("assessments").select(["status", "decision", "decided_by"]).where("id", "=", a.assessmentId).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "decided", decision: "approved_with_conditions", decided_by: reviewer.id });
    const findings = await db()
      .selectFrom("findings")
      .select(["title", "severity", "due_date", "source", "status", "owner_id", "description"])
      .where("assessment_id", "=", a.assessmentId)
      .orderBy("created_at")
      .orderBy("title")
      .execute();
    expect(findings).toEqual([
      {
        title: "Annual penetration test report",
        severity: "high",
        due_date: addDays(day, 60),
        source: "condition",
        status: "open",
        owner_id: reviewer.id,
        description: "Send the latest external pen test summary.",
      },
      {
        title: "Name a security contact",
        severity: "low",
        due_date: addDays(day, 14),
        source: "condition",
        status: "open",
        owner_id: reviewer.id,
        description: null,
      },
    ]);
    expect(await auditOf(a.assessmentId, "review.decide")).toHaveLength(1);
    expect(
      await db()
        .selectFrom("audit_events")
        .select("seq")
        .where("action", "=", "finding.create")
        .where(sql<boolean>`details->>'assessmentId' = ${a.assessmentId}`)
        .execute(),
    ).toHaveLength(2);

    // Decision mail: the issuer-and-owner once, the system owner once; not the reviewer (neither).
    for (const user of [procurement, owner]) {
      const mails = (await mailsTo(user.email, a.assessmentId)).filter((m) => m.template === "assessment-decided");
      expect(mails, user.email).toHaveLength(1);
      expect(mails[0]!.subject).toContain(`${a.supplierName}: approved with conditions`);
      expect(mails[0]!.text_body).toContain("Adequate, once the pen test is done.");
      expect(mails[0]!.text_body).toContain("Annual penetration test report (high severity, due");
      expect(mails[0]!.text_body).toContain(`/assessments/${a.assessmentId}`);
    }
    expect((await mailsTo(owner.email, a.assessmentId)).find((m) => m.template === "assessment-decided")!.text_body).toContain("you own Fraud screen");
    expect((await mailsTo(reviewer.email, a.assessmentId)).filter((m) => m.template === "assessment-decided")).toEqual([]);

    // The panel shows the decision, who and when, valid until and the conditions.
    const page = textOf(await (await staff.get(`/assessments/${a.assessmentId}?review=decided`)).text());
    expect(page).toContain("The decision is recorded");
    expect(page).toContain("Approved with conditions");
    expect(page).toContain("Adequate, once the pen test is done.");
    expect(page).toContain("by Rita Reviewer on");
    expect(page).toContain(formatDate(addMonths(day, 6)));
    expect(page).toContain("Conditions of the approval");
    expect(page).toContain("Name a security contact");
    // The decision page now shows it instead of a form.
    const decided = textOf(await (await asReviewer.get(url)).text());
    expect(decided).not.toContain(`name="rationale"`);
    expect(decided).toContain("Adequate, once the pen test is done.");

    // The scorecard page and its PDF carry the decision, conditions and open findings.
    const card = textOf(await (await staff.get(`/assessments/${a.assessmentId}/scorecard`)).text());
    expect(card).toContain(`id="decision-heading"`);
    expect(card).toContain("Approved with conditions");
    expect(card).toContain("Annual penetration test report");
    const pdf = await staff.get(`/assessments/${a.assessmentId}/scorecard.pdf`);
    expect(pdf.status).toBe(200);
    const text = await readPdfText(new Uint8Array(await pdf.arrayBuffer()));
    expect(text).toContain(`Approved with conditions, valid until ${formatDate(addMonths(day, 6))}`);
    expect(text).toContain("Adequate, once the pen test is done.");
    expect(text).toContain("Rita Reviewer");
    expect(text).toContain("Open findings");
    expect(text).toContain("Annual penetration test report (condition)");
    expect(text).toContain("Name a security contact");

    // A scorecard not yet decided says so.
    const other = await submitted();
    const otherPdf = await readPdfText(new Uint8Array(await (await staff.get(`/assessments/${other.assessmentId}/scorecard.pdf`)).arrayBuffer()));
    expect(otherPdf).toContain("Not yet decided");
    expect(otherPdf).toContain("No open findings.");
  });

  it("expires decided assessments whose validity has ended, once, by the daily job too", async () => {
    const past = await issued();
    const lastDay = await issued();
    const future = await issued();
    const inReview = await issued();
    await setStatus(past.assessmentId, "decided", addDays(day, -1));
    await setStatus(lastDay.assessmentId, "decided", day);
    await setStatus(future.assessmentId, "decided", addDays(day, 30));
    await setStatus(inReview.assessmentId, "in_review");
    await db()
      .updateTable("assessments")
      .set({ valid_until: addDays(day, -5) })
      .where("id", "=", inReview.assessmentId)
      .execute();

    const first = await expireDecisions(ctx());
    expect(first.expired).toContain(past.assessmentId);
    expect(first.expired).not.toContain(lastDay.assessmentId);
    expect(await statusOf(past.assessmentId)).toBe("expired");
    expect(await statusOf(lastDay.assessmentId)).toBe("decided"); // it still holds today
    expect(await statusOf(future.assessmentId)).toBe("decided");
    expect(await statusOf(inReview.assessmentId)).toBe("in_review");
    const second = await expireDecisions(ctx());
    expect(second.expired).not.toContain(past.assessmentId);
    const events = await auditOf(past.assessmentId, "assessment.expire");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor_type: "system", details: { validUntil: addDays(day, -1) } });
    expect((await db().selectFrom("assessments").select("expired_at").where("id", "=", past.assessmentId).executeTakeFirstOrThrow()).expired_at).toBeInstanceOf(
      Date,
    );
    // Tomorrow the one that held through today expires too.
    expect((await expireDecisions(ctx(), new Date(Date.now() + 86_400_000))).expired).toContain(lastDay.assessmentId);

    // The scheduled job runs the same sweep.
    const viaJob = await issued();
    await setStatus(viaJob.assessmentId, "decided", addDays(day, -3));
    await enqueue(ctx().queue, db(), JOBS.expireDecisions, {});
    await eventually(async () => (await statusOf(viaJob.assessmentId)) === "expired");
  });

  it("closes from every state but closed", async () => {
    const states: AssessmentStatus[] = ["sent", "in_progress", "submitted", "in_review", "changes_requested", "resubmitted", "decided", "expired"];
    for (const status of states) {
      const a = await issued();
      await setStatus(a.assessmentId, status);
      await closeAssessment(ctx(), procurementActor, a.assessmentId);
      expect(await statusOf(a.assessmentId), status).toBe("closed");
      expect(await auditOf(a.assessmentId, "assessment.close"), status).toHaveLength(1);
      await closeAssessment(ctx(), procurementActor, a.assessmentId);
      expect(await auditOf(a.assessmentId, "assessment.close"), status).toHaveLength(1);
    }
  });

  it("assigns and removes reviewers and sets the review due date through the panel's forms, refusing bad input next to the field", async () => {
    const a = await submitted();
    const url = `/assessments/${a.assessmentId}/review`;
    // Not a reviewer role: refused next to the field, nothing written.
    const wrongRole = await staff.post(url, { intent: "assign", userId: procurement.id });
    expect(wrongRole.status).toBe(400);
    const wrongHtml = textOf(await wrongRole.text());
    expect(wrongHtml).toMatch(/id="review-userId-error"[^>]*>Choose a risk owner or an admin from the list/);
    expect(await db().selectFrom("assessment_reviewers").select("user_id").where("assessment_id", "=", a.assessmentId).execute()).toEqual([]);
    const missing = await staff.post(url, { intent: "assign", userId: "" });
    expect(missing.status).toBe(400);
    expect(textOf(await missing.text())).toContain("Choose a reviewer from the list");

    const assigned = await staff.post(url, { intent: "assign", userId: reviewer.id });
    expect(assigned.status).toBe(302);
    expect(assigned.headers.get("location")).toBe(`/assessments/${a.assessmentId}?review=assign#review`);
    // Assigned by someone else during the review: told by email.
    const told = (await mailsTo(reviewer.email, a.assessmentId)).filter((m) => m.subject.startsWith("You are a reviewer"));
    expect(told).toHaveLength(1);
    expect(told[0]!.text_body).toContain("Ada Admin assigned you");
    const twice = await staff.post(url, { intent: "assign", userId: reviewer.id });
    expect(twice.status).toBe(409);
    expect(textOf(await twice.text())).toContain("Rita Reviewer is already a reviewer");

    for (const [value, message] of [
      ["2027-02-30", "Enter a date as YYYY-MM-DD"],
      [addDays(day, -1), "The review due date is in the past"],
      ["", "Choose a due date"],
    ] as const) {
      const response = await staff.post(url, { intent: "due", reviewDueDate: value });
      expect(response.status, value).toBe(400);
      expect(textOf(await response.text()), value).toMatch(new RegExp(`id="review-reviewDueDate-error"[^>]*>${message}`));
    }
    expect((await db().selectFrom("assessments").select("review_due_date").where("id", "=", a.assessmentId).executeTakeFirstOrThrow()).review_due_date).toBe(
      addDays(day, REVIEW_DAYS),
    );
    expect((await staff.post(url, { intent: "due", reviewDueDate: addDays(day, 3) })).status).toBe(302);
    expect((await db().selectFrom("assessments").select("review_due_date").where("id", "=", a.assessmentId).executeTakeFirstOrThrow()).review_due_date).toBe(
      addDays(day, 3),
    );
    expect(await auditOf(a.assessmentId, "review.due_date")).toHaveLength(1);

    expect((await staff.post(url, { intent: "unassign", userId: reviewer.id })).status).toBe(302);
    expect(await auditOf(a.assessmentId, "review.unassign")).toHaveLength(1);
    const gone = await staff.post(url, { intent: "unassign", userId: reviewer.id });
    expect(gone.status).toBe(409);
    expect(textOf(await gone.text())).toContain("not a reviewer of this questionnaire");

    expect((await staff.post(url, { intent: "start" })).status).toBe(302);
    expect(await statusOf(a.assessmentId)).toBe("in_review");
    const startAgain = await staff.post(url, { intent: "start" });
    expect(startAgain.status).toBe(409);
    expect(textOf(await startAgain.text())).toContain("This questionnaire is already in review.");

    // A viewer may read the panel but not change it; unknown intents are refused.
    const asViewer = await signIn(server, viewer.email);
    expect((await asViewer.post(url, { intent: "assign", userId: reviewer.id })).status).toBe(403);
    expect((await asViewer.post(url, { intent: "start" })).status).toBe(403);
    expect((await staff.post(url, { intent: "explode" })).status).toBe(400);
    const viewerPage = textOf(await (await asViewer.get(`/assessments/${a.assessmentId}`)).text());
    expect(viewerPage).toContain(`id="review-heading"`);
    expect(viewerPage).not.toContain("Assign a reviewer");

    // Once decided, reviewers no longer change.
    await decideAssessment(ctx(), userActor(admin), a.assessmentId, approve());
    await expect(assignReviewer(ctx(), userActor(admin), a.assessmentId, { userId: owner.id })).rejects.toMatchObject({
      kind: "state",
      message: "A questionnaire that is decided has no review left to assign.",
    });
    await expect(unassignReviewer(ctx(), userActor(admin), a.assessmentId, admin.id)).rejects.toMatchObject({ kind: "state" });
    await expect(setReviewDueDate(ctx(), userActor(admin), a.assessmentId, addDays(day, 4))).rejects.toMatchObject({ kind: "state" });
  });

  it("lists reviews as mine, unassigned, overdue and all, with clear empty states", async () => {
    const reviewerOnly = await createUser(db(), "risk_owner", { name: "Quinn Queue" });
    const client = await signIn(server, reviewerOnly.email);
    const mine = await submitted();
    const unassigned = await submitted();
    const overdue = await submitted();
    const decided = await submitted();
    await assignReviewer(ctx(), userActor(admin), mine.assessmentId, { userId: reviewerOnly.id });
    await assignReviewer(ctx(), userActor(admin), overdue.assessmentId, { userId: admin.id });
    await startReview(ctx(), userActor(admin), overdue.assessmentId);
    await db()
      .updateTable("assessments")
      .set({ review_due_date: addDays(day, -2) })
      .where("id", "=", overdue.assessmentId)
      .execute();
    await assignReviewer(ctx(), userActor(admin), decided.assessmentId, { userId: reviewerOnly.id });
    await startReview(ctx(), userActor(admin), decided.assessmentId);
    await decideAssessment(ctx(), userActor(admin), decided.assessmentId, approve());

    const view = async (tab: string) => textOf(await (await client.get(`/reviews${tab ? `?tab=${tab}` : ""}`)).text());
    const landing = await view(""); // a reviewer lands on their own
    expect(landing).toContain(mine.supplierName);
    expect(landing).not.toContain(unassigned.supplierName);
    expect(landing).not.toContain(decided.supplierName);
    expect(landing).toContain(`aria-current="page"`);

    const un = await view("unassigned");
    expect(un).toContain(unassigned.supplierName);
    expect(un).not.toContain(mine.supplierName);
    expect(un).not.toContain(overdue.supplierName);

    const late = await view("overdue");
    expect(late).toContain(overdue.supplierName);
    expect(late).toContain("Overdue by 2 days");
    expect(late).toContain("Ada Admin");
    expect(late).not.toContain(mine.supplierName);
    expect(late).toMatch(/Grade [A-E]/);

    const all = await view("all");
    for (const a of [mine, unassigned, overdue]) expect(all).toContain(a.supplierName);
    expect(all).not.toContain(decided.supplierName);

    // Someone with nothing to review: a clear empty state, and the way to the rest.
    const nobody = await createUser(db(), "risk_owner", { name: "Nora Nothing" });
    const empty = textOf(await (await (await signIn(server, nobody.email)).get("/reviews")).text());
    expect(empty).toContain("Nothing to review for you.");
    expect(empty).toMatch(/See all \d+ in review/);
    // Junk in the query falls back to the defaults.
    expect((await client.get("/reviews?tab=nope&page=-3")).status).toBe(200);
    // The staff navigation links here.
    expect(landing).toContain(`href="/reviews"`);
  });
});
