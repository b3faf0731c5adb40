// The portfolio dashboard on the real server (PGlite, or PostgreSQL with TEST_DATABASE_URL): each
// figure counts the right rows and links to the filtered list behind it, and that list shows the
// same number; a system with an overdue dependency, an unreviewed change notice or a high residual
// risk is listed at risk with its reason in words; a fresh install shows clear empty states.
//
// The deadline engine and change notices are built elsewhere (issue 12, H6/H7), so this test
// inserts component_deadlines and change_notices rows directly, as their services would store
// them; grades come from one real scored assessment, with further score_components rows added on
// that score for the other components.
import { randomBytes } from "node:crypto";
import { addDays, today } from "~/domain/calendar";
import { userActor } from "~/services/audit.server";
import { storeScore } from "~/services/scores.server";
import { createUser } from "../support/factories";
import { answerGolden, issueGolden, publishGolden } from "../support/scored-assessment";
import { startTestServer, type TestServer, type WebClient } from "../support/server";
import { signIn } from "../support/sign-in";

const textOf = (html: string) => html.replace(/<!-- -->/g, "").replace(/&amp;/g, "&");

/** The part of the page from an element with `marker` to the next section or figure. */
function part(html: string, marker: string) {
  const start = html.indexOf(marker);
  expect(start, marker).toBeGreaterThan(-1);
  const rest = html.slice(start + marker.length);
  const end = rest.search(/<(section|figure|div class="dash-stack")\b/);
  return end === -1 ? rest : rest.slice(0, end);
}

/** The table row of a chart's text equivalent: its link and its value. */
function row(html: string, label: string) {
  const match = new RegExp(`<th scope="row"><a href="([^"]+)">${label}</a></th><td class="num">(\\d+)</td>`).exec(html);
  expect(match, label).not.toBeNull();
  return { href: match![1]!, value: Number(match![2]) };
}

describe("the dashboard", () => {
  let server: TestServer;
  let staff: WebClient;
  const tok = `Db${randomBytes(3).toString("hex")}`;
  const db = () => server.app.ctx.db;
  const now = today();
  let systems: Record<"overdue" | "notice" | "residual" | "fine" | "retired", string>;

  async function page(path: string) {
    const response = await staff.get(path);
    expect(response.status, path).toBe(200);
    return textOf(await response.text());
  }

  beforeAll(async () => {
    server = await startTestServer();
    const admin = await createUser(db(), "admin");
    staff = await signIn(server, admin.email);
    const actor = userActor(admin);
    const versionId = await publishGolden(server.app.ctx, actor);

    // One real scored assessment (status submitted): its score carries the grades below.
    const scored = await issueGolden(server.app.ctx, actor, versionId, `${tok} Scored`);
    await answerGolden(server.app.ctx, scored);
    await db().updateTable("assessments").set({ status: "submitted", submitted_at: new Date() }).where("id", "=", scored.assessmentId).execute();
    await db()
      .transaction()
      .execute((trx) => storeScore(trx, scored.assessmentId, { reason: "on_demand", now: new Date() }));
    const score = await db().selectFrom("scores").select(["id", "computed_at"]).where("assessment_id", "=", scored.assessmentId).executeTakeFirstOrThrow();
    // The golden components: one A, one unrated (no score row).
    await db().updateTable("score_components").set({ grade: "A" }).where("ai_component_id", "=", scored.componentIds[0]).execute();
    await db().deleteFrom("score_components").where("ai_component_id", "=", scored.componentIds[1]).execute();

    const component = async (name: string, grade: "A" | "B" | "C" | "D" | "E" | null, archived = false) => {
      const c = await db()
        .insertInto("ai_components")
        .values({
          supplier_id: scored.supplierId,
          kind: "hosted_api",
          name: `${tok} ${name}`,
          update_cadence: "unknown",
          archived_at: archived ? new Date() : null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      if (grade) {
        await db()
          .insertInto("score_components")
          .values({
            score_id: score.id,
            assessment_id: scored.assessmentId,
            ai_component_id: c.id,
            grade,
            overall: 50,
            flag_count: 0,
            computed_at: score.computed_at,
          })
          .execute();
      }
      return c.id;
    };
    // Grades of the components in use: A 2, C 2, E 1, not rated 3 (the golden second, lapsed, noticed); archived ones do not count.
    const fineC = await component("Fine", "A");
    const c1 = await component("C one", "C");
    await component("C two", "C");
    const worst = await component("Worst", "E");
    const lapsed = await component("Lapsed", null);
    const noticed = await component("Noticed", null);
    const archived = await component("Archived", "B", true);

    // Deadlines: one overdue, due in 10, 45, 80 and 100 days; an archived component's is ignored.
    const deadline = (id: string, days: number, reason: string) =>
      db()
        .insertInto("component_deadlines")
        .values({
          ai_component_id: id,
          due_on: addDays(now, days),
          reason_kind: "evidence",
          reason,
          reasons: JSON.stringify([{ date: addDays(now, days), kind: "evidence", text: reason }]),
        })
        .execute();
    await deadline(lapsed, -5, "ISO/IEC 42001 certificate expired");
    await deadline(c1, 10, "declared quarterly retraining");
    await deadline(worst, 45, "last review plus 6 months");
    await deadline(noticed, 80, "model card expires");
    await deadline(fineC, 100, "last review plus 36 months");
    await deadline(archived, -30, "archived: never counted");

    // Change notices: an unreviewed one on `noticed`, a reviewed one on `fineC`.
    const notice = (id: string, reviewed: boolean) =>
      db()
        .insertInto("change_notices")
        .values({
          ai_component_id: id,
          supplier_id: scored.supplierId,
          kind: "model_version",
          occurred_on: addDays(now, -3),
          description: "New model version",
          reported_label: "Vendor contact",
          reviewed_at: reviewed ? new Date() : null,
        })
        .execute();
    await notice(noticed, false);
    await notice(fineC, true);

    const system = async (name: string, criticality: "low" | "critical", componentId: string, lifecycle: "in_production" | "retired" = "in_production") => {
      const s = await db()
        .insertInto("ai_systems")
        .values({ name: `${tok} ${name}`, criticality, eu_ai_act_class: "minimal_risk", lifecycle })
        .returning("id")
        .executeTakeFirstOrThrow();
      await db().insertInto("ai_system_dependencies").values({ ai_system_id: s.id, ai_component_id: componentId, data_categories: [] }).execute();
      return s.id;
    };
    systems = {
      overdue: await system("Overdue system", "low", lapsed),
      notice: await system("Noticed system", "low", noticed),
      residual: await system("Critical system", "critical", worst),
      fine: await system("Fine system", "low", fineC),
      retired: await system("Retired system", "critical", lapsed, "retired"),
    };

    // Findings: 2 critical open, 1 high remediating; closed and risk-accepted ones are not open.
    const finding = (severity: "low" | "medium" | "high" | "critical", status: "open" | "remediating" | "risk_accepted" | "closed") =>
      db()
        .insertInto("findings")
        .values({
          supplier_id: scored.supplierId,
          source: "scorecard",
          title: `${tok} ${severity} ${status}`,
          severity,
          status,
          closed_at: status === "closed" ? new Date() : null,
        })
        .execute();
    await finding("critical", "open");
    await finding("critical", "open");
    await finding("high", "remediating");
    await finding("low", "closed");
    await finding("medium", "risk_accepted");

    // Assessments in flight: the scored one is submitted; one more in review, one sent, one closed.
    const assessment = (status: "in_review" | "sent" | "closed") =>
      db()
        .insertInto("assessments")
        .values({
          supplier_id: scored.supplierId,
          template_version_id: versionId,
          status,
          due_date: addDays(now, 20),
          submitted_at: status === "in_review" ? new Date() : null,
          closed_at: status === "closed" ? new Date() : null,
        })
        .execute();
    await assessment("in_review");
    await assessment("sent");
    await assessment("closed");
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("keeps the inventory counts", async () => {
    const html = await page("/");
    expect(html).toContain("<h1>Dashboard</h1>");
    expect(html).toMatch(/data-testid="count-components".*?<span class="stat__value">8<\/span>/s);
    expect(html).toMatch(/data-testid="count-systems".*?<span class="stat__value">5<\/span>/s);
  });

  it("shows the grade distribution of current ratings, each bar linking to the filtered components list with the same count", async () => {
    const html = part(await page("/"), 'data-testid="grades"');
    expect(html).toContain('role="img" aria-labelledby="chart-components-by-current-grade-caption"');
    expect(html).toContain(">Components by current grade</figcaption>");
    const expected = { A: 2, B: 0, C: 2, D: 0, E: 1 } as const;
    for (const [grade, n] of Object.entries(expected)) {
      const r = row(html, `Grade ${grade}`);
      expect(r, grade).toEqual({ href: `/components?grade=${grade}`, value: n });
      // The SVG writes the label and value as text too.
      expect(html).toContain(`>Grade ${grade}</text>`);
    }
    expect(row(html, "Not rated yet")).toEqual({ href: "/components?grade=none", value: 3 });
    // The list behind a bar shows the same count.
    const list = await page("/components?grade=C");
    expect(list).toContain(`${tok} C one`);
    expect(list).toContain(`${tok} C two`);
    expect(list).not.toContain(`${tok} Worst`);
    const unrated = await page("/components?grade=none");
    for (const name of ["Lapsed", "Noticed"]) expect(unrated).toContain(`${tok} ${name}`);
    expect(unrated).not.toContain(`${tok} Archived`);
  });

  it("counts deadlines overdue and due within 30, 60 and 90 days, each linking to /deadlines with its window", async () => {
    const html = part(await page("/"), 'data-testid="deadlines"');
    for (const [key, n] of [
      ["overdue", 1],
      ["30", 1],
      ["60", 2],
      ["90", 3],
    ] as const) {
      const match = new RegExp(`<a href="([^"]+)" data-testid="deadlines-${key}"><span class="dash-deadlines__value">(\\d+)</span>`).exec(html);
      expect(match, key).not.toBeNull();
      expect(match![1]).toBe(`/deadlines?window=${key}`);
      expect(Number(match![2]), key).toBe(n);
    }
    expect(html).toContain("Due within 30 days");
    expect(html).toContain("Overdue");
  });

  it("lists the systems at risk with the reason in words, and leaves out fine and retired ones", async () => {
    const html = part(await page("/"), 'data-testid="systems-at-risk"');
    expect(html).toMatch(/<a href="\/deadlines\?group=system&window=overdue" data-testid="systems-at-risk-count"><strong>3<\/strong> systems at risk/);
    const item = (id: string) => {
      const start = html.indexOf(`<a href="/ai-systems/${id}">`);
      expect(start).toBeGreaterThan(-1);
      return html.slice(start, html.indexOf("</ul>", start));
    };
    expect(item(systems.overdue)).toContain(`Review of ${tok} Lapsed overdue since`);
    expect(item(systems.overdue)).toContain("ISO/IEC 42001 certificate expired");
    expect(item(systems.notice)).toContain(`1 unreviewed change notice on ${tok} Noticed`);
    expect(item(systems.residual)).toContain(`Residual risk critical through ${tok} Worst`);
    expect(html).not.toContain(systems.fine);
    expect(html).not.toContain(systems.retired);
    // Worst first: the lapsed review, then the critical residual risk, then the notice.
    expect(html.indexOf(systems.overdue)).toBeLessThan(html.indexOf(systems.residual));
    expect(html.indexOf(systems.residual)).toBeLessThan(html.indexOf(systems.notice));
  });

  it("counts open findings by severity, each linking to the active findings of that severity", async () => {
    const html = part(await page("/"), 'data-testid="findings"');
    expect(row(html, "Critical")).toEqual({ href: "/findings?severity=critical&status=active", value: 2 });
    expect(row(html, "High")).toEqual({ href: "/findings?severity=high&status=active", value: 1 });
    expect(row(html, "Medium")).toEqual({ href: "/findings?severity=medium&status=active", value: 0 });
    expect(row(html, "Low")).toEqual({ href: "/findings?severity=low&status=active", value: 0 });
    const list = await page("/findings?severity=critical&status=active");
    expect(list.split(`>${tok} critical open<`).length - 1).toBe(2);
  });

  it("counts assessments in flight by status, each linking to the assessments list with that status", async () => {
    const html = part(await page("/"), 'data-testid="assessments"');
    expect(row(html, "Submitted")).toEqual({ href: "/assessments?status=submitted", value: 1 });
    expect(row(html, "In review")).toEqual({ href: "/assessments?status=in_review", value: 1 });
    expect(row(html, "Sent")).toEqual({ href: "/assessments?status=sent", value: 1 });
    expect(row(html, "In progress").value).toBe(0);
    expect(html).not.toContain("Closed");
  });
});

describe("the dashboard of a fresh install", () => {
  let server: TestServer;
  let staff: WebClient;

  beforeAll(async () => {
    server = await startTestServer();
    const admin = await createUser(server.app.ctx.db, "admin");
    staff = await signIn(server, admin.email);
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("says plainly that there is nothing yet", async () => {
    const response = await staff.get("/");
    expect(response.status).toBe(200);
    const html = textOf(await response.text());
    expect(html).toContain("No reassessment deadlines yet.");
    expect(html).toContain("No internal system is at risk.");
    expect(html).toContain("No AI components yet.");
    expect(html).toContain("No open findings.");
    expect(html).toContain("No assessments in flight.");
    expect(html).not.toContain("<svg");
  });
});
