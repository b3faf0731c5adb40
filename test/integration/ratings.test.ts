// Current ratings on the real server (PGlite, or PostgreSQL with TEST_DATABASE_URL): the supplier
// and component pages show the latest grade, the residual risk and the trend over cycles; the lists
// filter and sort by grade and residual risk through the URL and ignore junk; the SQL that judges
// inherent risk for the lists agrees with app/domain/risk/inherent.ts.
import { randomBytes } from "node:crypto";
import { addDays, today } from "~/domain/calendar";
import { CRITICALITIES, EU_AI_ACT_CLASSES, type DataCategory } from "~/domain/inventory";
import { dependencyRisk, inherentRisk } from "~/domain/risk/inherent";
import { issueAssessment } from "~/services/assessment-issue.server";
import { userActor, type Actor } from "~/services/audit.server";
import { componentRatingsFor } from "~/services/ratings.server";
import { latestScore, storeScore } from "~/services/scores.server";
import { createUser } from "../support/factories";
import { answerGolden, issueGolden, publishGolden, type Issued } from "../support/scored-assessment";
import { startTestServer, type TestServer, type WebClient } from "../support/server";
import { signIn } from "../support/sign-in";

/** Server-rendered HTML without React's text separators ("Grade <!-- -->E"). */
const textOf = (html: string) => html.replace(/<!-- -->/g, "");
const DAY = 24 * 60 * 60 * 1000;

describe("current ratings on pages and lists", () => {
  let server: TestServer;
  let staff: WebClient;
  let actor: Actor;
  let versionId: string;
  const tok = `Rt${randomBytes(3).toString("hex")}`;
  let alpha: Issued; // two cycles: x B → E (critical inherent risk), y E → E
  let alphaCycle2: string;
  let bravo: Issued; // issued, never submitted: not rated
  let charlie: Issued; // one cycle, only x in scope: x rated, y not
  const db = () => server.app.ctx.db;

  async function submitAndScore(assessmentId: string, at: Date) {
    await db().updateTable("assessments").set({ status: "submitted", submitted_at: at }).where("id", "=", assessmentId).execute();
    await db()
      .transaction()
      .execute((trx) => storeScore(trx, assessmentId, { reason: "on_demand", now: at }));
  }

  async function page(path: string) {
    const response = await staff.get(path);
    expect(response.status).toBe(200);
    return textOf(await response.text());
  }

  /** The names among `names` in the order the page shows them. */
  const order = (html: string, names: string[]) => names.filter((n) => html.includes(`>${n}<`)).sort((a, b) => html.indexOf(`>${a}<`) - html.indexOf(`>${b}<`));

  beforeAll(async () => {
    server = await startTestServer();
    const admin = await createUser(db(), "admin");
    staff = await signIn(server, admin.email);
    actor = userActor(admin);
    versionId = await publishGolden(server.app.ctx, actor);

    alpha = await issueGolden(server.app.ctx, actor, versionId, `${tok} Alpha`);
    bravo = await issueGolden(server.app.ctx, actor, versionId, `${tok} Bravo`);
    charlie = await issueGolden(server.app.ctx, actor, versionId, `${tok} Charlie`);
    for (const [issued, letter] of [
      [alpha, "A"],
      [bravo, "B"],
      [charlie, "C"],
    ] as const) {
      await db()
        .updateTable("ai_components")
        .set({ name: `${tok} ${letter}x` })
        .where("id", "=", issued.componentIds[0])
        .execute();
      await db()
        .updateTable("ai_components")
        .set({ name: `${tok} ${letter}y` })
        .where("id", "=", issued.componentIds[1])
        .execute();
    }
    // Alpha's x is used by a high-criticality, high-risk system with personal data: critical inherent risk.
    const system = await db()
      .insertInto("ai_systems")
      .values({ name: `${tok} Credit model`, criticality: "high", eu_ai_act_class: "high_risk", lifecycle: "in_production" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db()
      .insertInto("ai_system_dependencies")
      .values({ ai_system_id: system.id, ai_component_id: alpha.componentIds[0], data_categories: ["personal"] })
      .execute();

    // Alpha, cycle 1 (200 days ago): x is B. Cycle 2 (now): the incident knock-out caps everything at E.
    await answerGolden(server.app.ctx, alpha);
    await submitAndScore(alpha.assessmentId, new Date(Date.now() - 200 * DAY));
    const contact = await db().selectFrom("supplier_contacts").select("id").where("email", "=", alpha.grant.email).executeTakeFirstOrThrow();
    alphaCycle2 = (
      await issueAssessment(server.app.ctx, actor, {
        supplierId: alpha.supplierId,
        templateVersionId: versionId,
        componentIds: alpha.componentIds,
        contactIds: [contact.id],
        dueDate: addDays(today(), 30),
        message: null,
      })
    ).assessmentId;
    await answerGolden(server.app.ctx, { ...alpha, assessmentId: alphaCycle2 }, { incident: "no" });
    await submitAndScore(alphaCycle2, new Date());

    // Charlie: only x in scope, so the vendor is not dragged to E by y.
    await answerGolden(server.app.ctx, charlie);
    await db()
      .deleteFrom("assessment_components")
      .where("assessment_id", "=", charlie.assessmentId)
      .where("ai_component_id", "=", charlie.componentIds[1])
      .execute();
    await submitAndScore(charlie.assessmentId, new Date());
    expect((await latestScore(db(), charlie.assessmentId))!.grade).not.toBe("E");
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("shows a component's latest grade, its residual risk with the reason and the trend over two cycles", async () => {
    const [x] = alpha.componentIds;
    const html = await page(`/components/${x}`);
    const panel = html.slice(html.indexOf('id="rating-heading"'), html.indexOf('id="dependents-heading"'));
    expect(panel).toContain("Grade E");
    expect(panel).toContain("residual risk critical");
    expect(panel).toContain(`${tok} Credit model is of high criticality`);
    expect(panel).toContain(`href="/assessments/${alphaCycle2}/scorecard#r-${x}"`);
    expect(panel).toContain("Open the latest scorecard");
    expect(panel).toContain("Trend over cycles");
    expect(panel).toContain("<svg");
    // The table lists both cycles, the latest first: E now, B before.
    const cells = [...panel.matchAll(/<td>([A-E]|No grade)<\/td>/g)].map((m) => m[1]);
    expect(cells).toEqual(["E", "B"]);
    expect(panel).toContain(`href="/assessments/${alpha.assessmentId}/scorecard#r-${x}"`);
  });

  it("shows a supplier's vendor rating, the worst residual risk of its components and the trend", async () => {
    const html = await page(`/suppliers/${alpha.supplierId}`);
    const panel = html.slice(html.indexOf('id="rating-heading"'), html.indexOf('id="contacts-heading"'));
    expect(panel).toContain("Grade E");
    expect(panel).toContain(`${tok} Alpha supplies`);
    expect(panel).toContain("residual risk critical");
    expect(panel).toContain(`href="/assessments/${alphaCycle2}/scorecard"`);
    expect([...panel.matchAll(/<td>([A-E]|No grade)<\/td>/g)].length).toBe(2);
  });

  it("says 'Not rated yet' on a supplier and a component with no score, and links to sending a questionnaire", async () => {
    const supplier = await page(`/suppliers/${bravo.supplierId}`);
    expect(supplier).toContain("Not rated yet — send a questionnaire.");
    expect(supplier).toContain(`href="/assessments/new?supplierId=${bravo.supplierId}"`);
    expect(await page(`/components/${charlie.componentIds[1]}`)).toContain("Not rated yet — send a questionnaire.");
  });

  it("filters and sorts the supplier list by grade and residual risk", async () => {
    const names = [`${tok} Alpha`, `${tok} Bravo`, `${tok} Charlie`];
    const list = (params: string) => page(`/suppliers?q=${tok}&${params}`).then((html) => order(html, names));
    expect(await list("grade=E")).toEqual([`${tok} Alpha`]);
    expect(await list("grade=none")).toEqual([`${tok} Bravo`]);
    expect(await list("residual=critical")).toEqual([`${tok} Alpha`]);
    expect(await list("residual=low")).toEqual([`${tok} Charlie`]);
    expect(await list("sort=grade&dir=asc")).toEqual([`${tok} Charlie`, `${tok} Alpha`, `${tok} Bravo`]);
    expect(await list("sort=grade&dir=desc")).toEqual([`${tok} Alpha`, `${tok} Charlie`, `${tok} Bravo`]);
    expect(await list("sort=residual&dir=desc")).toEqual([`${tok} Alpha`, `${tok} Charlie`, `${tok} Bravo`]);
    // The grade badge links to the scorecard; the unrated row says so.
    const html = await page(`/suppliers?q=${tok}`);
    expect(html).toContain(`href="/assessments/${alphaCycle2}/scorecard"`);
    expect(html).toContain("Not rated");
  });

  it("filters and sorts the component list by grade and residual risk", async () => {
    const names = ["Ax", "Ay", "Bx", "By", "Cx", "Cy"].map((n) => `${tok} ${n}`);
    const list = (params: string) => page(`/components?q=${tok}&${params}`).then((html) => order(html, names));
    expect(await list("grade=E")).toEqual([`${tok} Ax`, `${tok} Ay`]);
    expect(await list("grade=none")).toEqual([`${tok} Bx`, `${tok} By`, `${tok} Cy`]);
    expect(await list("residual=critical")).toEqual([`${tok} Ax`]);
    expect(await list("residual=medium")).toEqual([`${tok} Ay`]); // E with low inherent risk
    expect(await list("grade=E&residual=critical")).toEqual([`${tok} Ax`]);
    expect((await list("sort=grade&dir=asc")).slice(0, 3)).toEqual([`${tok} Cx`, `${tok} Ax`, `${tok} Ay`]);
    expect((await list("sort=residual&dir=desc")).slice(0, 2)).toEqual([`${tok} Ax`, `${tok} Ay`]);
    const html = await page(`/components?q=${tok}&grade=E`);
    expect(html).toContain(`href="/assessments/${alphaCycle2}/scorecard#r-${alpha.componentIds[0]}"`);
  });

  it("ignores junk rating parameters", async () => {
    for (const query of ["grade=Z", "grade=%27%20OR%201%3D1", "residual=extreme", "sort=grade%3B&dir=up", "residual=&grade=", "grade[]=A"]) {
      const suppliers = await page(`/suppliers?q=${tok}&${query}`);
      expect(order(suppliers, [`${tok} Alpha`, `${tok} Bravo`, `${tok} Charlie`])).toHaveLength(3);
      const components = await page(`/components?q=${tok}&${query}`);
      expect(order(components, [`${tok} Ax`, `${tok} By`])).toHaveLength(2);
    }
  });

  it("stops counting a score while its assessment is back with the vendor", async () => {
    const [x] = alpha.componentIds;
    await db().updateTable("assessments").set({ status: "in_progress" }).where("id", "=", alphaCycle2).execute();
    try {
      const panel = await page(`/components/${x}`);
      expect(panel).toContain("Grade B");
      expect(panel).toContain(`href="/assessments/${alpha.assessmentId}/scorecard#r-${x}"`);
    } finally {
      await db().updateTable("assessments").set({ status: "submitted" }).where("id", "=", alphaCycle2).execute();
    }
  });

  it("judges inherent risk in SQL exactly as the domain does", async () => {
    const supplier = await db()
      .insertInto("suppliers")
      .values({ name: `${tok} Grid`, status: "active" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const dataSets: DataCategory[][] = [[], ["none"], ["internal"], ["confidential"], ["personal"], ["special_category"], ["personal", "confidential"]];
    const cases: Array<{ componentId: string; deps: Parameters<typeof dependencyRisk>[0][] }> = [];
    let i = 0;
    for (const criticality of CRITICALITIES) {
      for (const euAiActClass of EU_AI_ACT_CLASSES) {
        const system = await db()
          .insertInto("ai_systems")
          .values({ name: `${tok} S${(i += 1)}`, criticality, eu_ai_act_class: euAiActClass, lifecycle: "in_production" })
          .returning("id")
          .executeTakeFirstOrThrow();
        const components = await db()
          .insertInto("ai_components")
          .values(
            dataSets.map((_, k) => ({ supplier_id: supplier.id, kind: "hosted_api" as const, name: `${tok} G${i}-${k}`, update_cadence: "unknown" as const })),
          )
          .returning("id")
          .execute();
        await db()
          .insertInto("ai_system_dependencies")
          .values(components.map((c, k) => ({ ai_system_id: system.id, ai_component_id: c.id, data_categories: dataSets[k]! })))
          .execute();
        components.forEach((c, k) =>
          cases.push({ componentId: c.id, deps: [{ systemId: system.id, systemName: "s", criticality, euAiActClass, dataCategories: dataSets[k]! }] }),
        );
      }
    }
    // Several dependencies: the worst wins; a retired system does not count.
    const [a, b] = cases;
    const retired = await db()
      .insertInto("ai_systems")
      .values({ name: `${tok} Retired`, criticality: "critical", eu_ai_act_class: "prohibited", lifecycle: "retired" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db().insertInto("ai_system_dependencies").values({ ai_system_id: retired.id, ai_component_id: a!.componentId, data_categories: [] }).execute();
    a!.deps.push({ systemId: retired.id, systemName: "r", criticality: "critical", euAiActClass: "prohibited", dataCategories: [], lifecycle: "retired" });
    const last = cases.at(-1)!;
    await db()
      .insertInto("ai_system_dependencies")
      .values({
        ai_system_id: (
          await db().selectFrom("ai_system_dependencies").select("ai_system_id").where("ai_component_id", "=", last.componentId).executeTakeFirstOrThrow()
        ).ai_system_id,
        ai_component_id: b!.componentId,
        data_categories: ["special_category"],
      })
      .execute();
    b!.deps.push({ ...last.deps[0]!, dataCategories: ["special_category"] });

    const sqlLevels = await componentRatingsFor(
      db(),
      cases.map((c) => c.componentId),
    );
    const mismatches = cases.filter((c) => sqlLevels.get(c.componentId)?.inherent !== inherentRisk(c.deps).level);
    expect(mismatches.map((c) => ({ deps: c.deps, sql: sqlLevels.get(c.componentId)?.inherent, domain: inherentRisk(c.deps).level }))).toEqual([]);
    expect(cases.length).toBe(CRITICALITIES.length * EU_AI_ACT_CLASSES.length * dataSets.length);
  });
});
