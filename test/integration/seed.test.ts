import { createHash } from "node:crypto";
import { seedDemoData, shouldAutoSeed } from "../../app/services/demo-seed.server";
import { getInventoryCounts } from "~/services/dashboard.server";
import { verifyAuditTrail } from "~/services/audit.server";
import { recomputeScore } from "~/services/scores-recompute.server";
import { createTestDatabase } from "../support/database";

describe("demo seed", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.close());

  it("fills an empty database once, with the inventory the dashboard counts", async () => {
    expect(await shouldAutoSeed(database.db)).toBe(true);
    const first = await seedDemoData(database.db);
    expect(first).toEqual({ users: 5, suppliers: 6, components: expect.any(Number), systems: 5, dependencies: expect.any(Number), assessments: 5 });
    expect(first.components).toBeGreaterThanOrEqual(10);
    expect(await shouldAutoSeed(database.db)).toBe(false);

    const before = await rowCounts();
    const again = await seedDemoData(database.db);
    expect(again).toEqual({ users: 0, suppliers: 0, components: 0, systems: 0, dependencies: 0, assessments: 0 });
    // Nothing but the seed's own audit event is added the second time.
    expect(await rowCounts()).toEqual({ ...before, audit_events: before.audit_events + 1 });
    const counts = await getInventoryCounts(database.db);
    expect(counts).toEqual({ suppliers: 6, components: first.components, systems: 5, dependencies: first.dependencies });

    const roles = await database.db.selectFrom("users").select("role").execute();
    expect(roles.map((r) => r.role).sort()).toEqual(["admin", "procurement", "risk_owner", "risk_owner", "viewer"]);
    // What `npm run audit:verify` checks.
    expect(await verifyAuditTrail(database.db)).toMatchObject({ ok: true });
  });

  it("submits and scores a strong, a mixed and a knocked-out supplier, reviews them to three stages, and leaves one in progress and one sent", async () => {
    const db = database.db;
    const rows = await db
      .selectFrom("assessments as a")
      .innerJoin("suppliers as s", "s.id", "a.supplier_id")
      .innerJoin("template_versions as v", "v.id", "a.template_version_id")
      .innerJoin("questionnaire_templates as t", "t.id", "v.template_id")
      .leftJoin("scores as sc", "sc.assessment_id", "a.id")
      .select(["a.id", "a.status", "a.submitted_at", "s.name", "t.is_builtin", "sc.id as scoreId", "sc.grade", "sc.overall", "sc.flag_count", "sc.reason"])
      .orderBy("s.name")
      .execute();
    expect(rows.map((r) => [r.name, r.status, r.grade])).toEqual([
      ["Lumenreach AI", "decided", "C"],
      ["Openmoor Models", "in_progress", null],
      ["Parolex Speech", "in_review", "D"],
      ["Sehfeld Vision", "decided", "A"],
      ["Tagwell Data", "sent", null],
    ]);
    expect(rows.every((r) => r.is_builtin)).toBe(true);
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
    // The engine's own numbers (the golden tests work them out by hand): A by score, C, and an A capped at D.
    expect(Number(byName["Sehfeld Vision"]!.overall)).toBeCloseTo(98.0, 0);
    expect(Number(byName["Lumenreach AI"]!.overall)).toBeCloseTo(68.9, 0);
    expect(Number(byName["Parolex Speech"]!.overall)).toBeCloseTo(88.0, 0);
    expect(byName["Parolex Speech"]!.flag_count).toBeGreaterThanOrEqual(4);
    expect(byName["Sehfeld Vision"]!.flag_count).toBe(0);
    for (const name of ["Sehfeld Vision", "Lumenreach AI", "Parolex Speech"]) {
      const row = byName[name]!;
      expect(row.submitted_at).not.toBeNull();
      expect(row.reason).toBe("submit");
      // Every stored score can be recomputed exactly from what it kept.
      expect(await recomputeScore(db, row.scoreId!)).toMatchObject({ identical: true });
    }

    // The reviews: Sehfeld approved, Lumenreach approved with a condition (a finding), Parolex in
    // review with a finding on its missing incident-notification commitment.
    const decided = await db
      .selectFrom("assessments as a")
      .innerJoin("suppliers as s", "s.id", "a.supplier_id")
      .select(["s.name", "a.decision", "a.valid_until"])
      .where("a.decision", "is not", null)
      .orderBy("s.name")
      .execute();
    expect(decided.map((d) => [d.name, d.decision])).toEqual([
      ["Lumenreach AI", "approved_with_conditions"],
      ["Sehfeld Vision", "approved"],
    ]);
    expect(decided.every((d) => d.valid_until !== null)).toBe(true);
    const findings = await db
      .selectFrom("findings as f")
      .innerJoin("suppliers as s", "s.id", "f.supplier_id")
      .select(["s.name", "f.source", "f.status"])
      .orderBy("s.name")
      .execute();
    expect(findings.map((f) => [f.name, f.source, f.status])).toEqual([
      ["Lumenreach AI", "condition", "open"],
      ["Parolex Speech", "answer", "open"],
    ]);
    expect(await db.selectFrom("assessment_reviewers").select("user_id").execute()).toHaveLength(3);
    // After its approval Lumenreach reported a new model version of its chat API: unreviewed, so it
    // is among the reasons for the component's deadline, in words.
    const notices = await db.selectFrom("change_notices").select(["ai_component_id", "kind", "reviewed_at"]).execute();
    expect(notices).toMatchObject([{ kind: "model_version", reviewed_at: null }]);
    const deadline = await db
      .selectFrom("component_deadlines")
      .select(["reasons"])
      .where("ai_component_id", "=", notices[0]!.ai_component_id)
      .executeTakeFirstOrThrow();
    expect(deadline.reasons.find((r) => r.kind === "change")?.text).toMatch(/^Vendor reported a new model version on .*: reassess within \d+ days$/);

    // Components in scope have their own ratings; dependent systems make residual risk show.
    const componentRatings = await db.selectFrom("score_components").select(["ai_component_id", "grade"]).execute();
    expect(componentRatings).toHaveLength(5);

    // The primary contact of each supplier holds a live grant; answers carry revisions and their author.
    const grants = await db
      .selectFrom("access_grants as g")
      .innerJoin("supplier_contacts as c", "c.id", "g.contact_id")
      .select(["g.assessment_id", "c.is_primary", "g.expires_at", "g.revoked_at"])
      .execute();
    expect(grants).toHaveLength(5);
    expect(grants.every((g) => g.is_primary && !g.revoked_at && g.expires_at > new Date())).toBe(true);
    const answers = await db.selectFrom("answers").select(["assessment_id", "revision", "updated_by_grant_id"]).execute();
    expect(answers.every((a) => a.revision === 1 && a.updated_by_grant_id)).toBe(true);
    const inProgress = answers.filter((a) => a.assessment_id === byName["Openmoor Models"]!.id);
    expect(inProgress.length).toBeGreaterThan(0);
    expect(answers.filter((a) => a.assessment_id === byName["Tagwell Data"]!.id)).toEqual([]);
    const history = await db.selectFrom("answer_history").select("id").execute();
    expect(history).toHaveLength(answers.length);

    // Evidence: real PDF bytes with their SHA-256; one file expires soon, one has expired.
    const evidence = await db.selectFrom("evidence").select(["bytes", "sha256", "size_bytes", "valid_until", "content_type"]).execute();
    expect(evidence.length).toBeGreaterThan(10);
    for (const file of evidence) {
      expect(file.bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      expect(file.bytes.subarray(-6).toString("latin1")).toBe("%%EOF\n");
      expect(createHash("sha256").update(file.bytes).digest("hex")).toBe(file.sha256);
      expect(file.size_bytes).toBe(file.bytes.length);
    }
    const day = 86_400_000;
    const validUntil = evidence.filter((e) => e.valid_until).map((e) => new Date(`${String(e.valid_until)}T00:00:00Z`).getTime() - Date.now());
    expect(validUntil.some((ms) => ms < 0)).toBe(true);
    expect(validUntil.some((ms) => ms > 0 && ms < 31 * day)).toBe(true);

    // The audit trail tells the story of each one: issued, granted, files uploaded, submitted.
    const actions = await db.selectFrom("audit_events").select("action").where("entity_type", "=", "assessment").execute();
    const tally = (action: string) => actions.filter((a) => a.action === action).length;
    expect([tally("assessment.issue"), tally("assessment.grant"), tally("assessment.submit")]).toEqual([5, 5, 3]);
    expect(tally("evidence.upload")).toBe(evidence.length);
  });

  async function rowCounts() {
    const tables = ["assessments", "answers", "evidence", "scores", "access_grants", "answer_history", "audit_events", "users", "suppliers"] as const;
    const counts: Record<string, number> = {};
    for (const table of tables) {
      const row = await database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .executeTakeFirstOrThrow();
      counts[table] = Number(row.n);
    }
    return counts as Record<(typeof tables)[number], number>;
  }
});
