// The scorecard on the real server (PGlite, or PostgreSQL with TEST_DATABASE_URL): staff see the
// grade, domains, flags and the drill-down; the PDF and CSV downloads; the methodology admin page
// refuses bad input next to the field and starts a rescore with progress; vendors never see a
// score, grade or flag of their own assessment.
import { createHash } from "node:crypto";
import { parse } from "csv-parse/sync";
import { SCORECARD_CSV_COLUMNS } from "~/services/scores-csv.server";
import { latestScore } from "~/services/scores.server";
import { userActor } from "~/services/audit.server";
import { eventually } from "../support/app";
import { createUser } from "../support/factories";
import { answerGolden, issueGolden, publishGolden, type Issued } from "../support/scored-assessment";
import { startTestServer, WebClient, type TestServer } from "../support/server";
import { signIn } from "../support/sign-in";

const TOKEN_LINK = /\/v\/([A-Za-z0-9_-]{43})/;

/** Server-rendered HTML without React's text separators ("Grade <!-- -->E"). */
const textOf = (html: string) => html.replace(/<!-- -->/g, "");

/** The text shown by a PDF's text operators (our writer's uncompressed streams), in order. */
function pdfText(bytes: Uint8Array): string {
  const raw = Buffer.from(bytes).toString("latin1");
  const out: string[] = [];
  for (const m of raw.matchAll(/\(((?:\\.|[^\\)])*)\)\s*Tj/g)) out.push(m[1]!.replace(/\\(.)/g, "$1"));
  return out.join("\n");
}

/** The file is well formed: header, every xref offset at its object, trailer and end marker. */
function checkPdfStructure(bytes: Uint8Array) {
  const raw = Buffer.from(bytes).toString("latin1");
  expect(raw.startsWith("%PDF-1.")).toBe(true);
  expect(raw.trimEnd().endsWith("%%EOF")).toBe(true);
  const xrefAt = Number(/startxref\n(\d+)\n%%EOF/.exec(raw)?.[1]);
  expect(raw.slice(xrefAt, xrefAt + 4)).toBe("xref");
  const entries = [...raw.slice(xrefAt).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
  expect(entries.length).toBeGreaterThan(5);
  entries.forEach((offset, i) => expect(raw.slice(offset, offset + 12)).toMatch(new RegExp(`^${i + 1} 0 obj`)));
  for (const m of raw.matchAll(/<< \/Length (\d+) >>\nstream\n/g)) {
    const start = m.index! + m[0].length;
    expect(raw.slice(start + Number(m[1]), start + Number(m[1]) + 10)).toBe("\nendstream");
  }
}

describe("scorecard", () => {
  let server: TestServer;
  let versionId: string;
  let staff: WebClient;
  let adminEmail: string;
  let scored: Issued;
  let vendor: WebClient;
  const db = () => server.app.ctx.db;

  async function vendorClient(email: string) {
    const mail = await db().selectFrom("emails").select("text_body").where("to_address", "=", email).orderBy("created_at", "desc").executeTakeFirstOrThrow();
    const token = TOKEN_LINK.exec(mail.text_body ?? "")?.[1];
    const client = new WebClient(server.baseUrl);
    expect((await client.post(`/v/${token}`, {})).status).toBe(302);
    return client;
  }

  beforeAll(async () => {
    server = await startTestServer();
    const admin = await createUser(db(), "admin", { name: "Ada Admin" });
    adminEmail = admin.email;
    staff = await signIn(server, adminEmail); // before any other mail reaches this address
    versionId = await publishGolden(server.app.ctx, userActor(admin));
    // A supplier name outside Latin-1: the PDF must not crash on it.
    scored = await issueGolden(server.app.ctx, userActor(admin), versionId, `Zoë Ωmega 株式会社 Analytics ${Date.now()}`);
    await answerGolden(server.app.ctx, scored, { incident: "no" });
    const system = await db()
      .insertInto("ai_systems")
      .values({ name: "Credit model v3", criticality: "high", eu_ai_act_class: "high_risk", lifecycle: "in_production" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db()
      .insertInto("ai_system_dependencies")
      .values({ ai_system_id: system.id, ai_component_id: scored.componentIds[0], data_categories: ["personal"] })
      .execute();
    // The vendor submits through the portal: the score is stored with the submit.
    vendor = await vendorClient(scored.grant.email);
    const submit = await vendor.post(`/v/a/${scored.assessmentId}/submit`, { intent: "submit" });
    expect(submit.status).toBe(200);
    expect(await latestScore(db(), scored.assessmentId)).not.toBeNull();
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("shows the grade, the domains, the flag with its answer, the systems and a drill-down line", async () => {
    const response = await staff.get(`/assessments/${scored.assessmentId}/scorecard`);
    expect(response.status).toBe(200);
    const html = textOf(await response.text());
    expect(html).toContain("Grade E");
    expect(html).toContain("Security and privacy"); // a domain, in the chart and its table
    expect(html).toContain("<svg");
    expect(html).toContain("Domain scores as a table");
    expect(html).toContain("No incident-notification commitment"); // the knock-out flag
    expect(html).toContain(`href="#l-supplier-s_incident"`); // …linked to the answer that fired it
    expect(html).toContain(`id="l-supplier-s_incident"`); // the drill-down line
    expect(html).toMatch(/Domain: 100 × Σ weight × points \/ Σ weight/);
    expect(html).toContain("Credit model v3");
    expect(html).toContain("Weakest answers");
    expect(html).toContain("c_model_card.pdf"); // evidence with its status
    expect(html).toContain("Expired");
    // The staff assessment page links here.
    expect(await (await staff.get(`/assessments/${scored.assessmentId}`)).text()).toContain(`/assessments/${scored.assessmentId}/scorecard`);
  });

  it("says 'not scored yet' for an assessment the vendor has not submitted", async () => {
    const admin = await db().selectFrom("users").selectAll().where("email", "=", adminEmail).executeTakeFirstOrThrow();
    const open = await issueGolden(server.app.ctx, userActor(admin), versionId);
    const html = textOf(await (await staff.get(`/assessments/${open.assessmentId}/scorecard`)).text());
    expect(html).toContain("Not scored yet.");
    expect(html).not.toContain("Grade ");
    expect((await staff.get(`/assessments/${open.assessmentId}/scorecard.pdf`)).status).toBe(404);
    expect((await staff.get(`/assessments/00000000-0000-4000-8000-000000000000/scorecard`)).status).toBe(404);
  });

  it("downloads a PDF with real text and page numbers, its SHA-256 in the audit trail", async () => {
    const response = await staff.get(`/assessments/${scored.assessmentId}/scorecard.pdf`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    const bytes = new Uint8Array(await response.arrayBuffer());
    checkPdfStructure(bytes);
    const text = pdfText(bytes);
    expect(text).toContain("Grade E");
    expect(text).toContain("Zoë ?mega ???? Analytics"); // Latin-1 kept, the rest replaced, no crash
    expect(text).toContain("No incident-notification commitment");
    expect(text).toContain("Credit model v3");
    expect(text).toContain("Appendix: every answer");
    expect(text).toMatch(/Page 1 of \d+/);
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const events = await db()
      .selectFrom("audit_events")
      .select(["details", "actor_label"])
      .where("action", "=", "scorecard.pdf_export")
      .where("entity_id", "=", scored.assessmentId)
      .execute();
    expect(events.map((e) => e.details.sha256)).toContain(sha256);
    expect(events[0]!.actor_label).toBe(adminEmail);
  });

  it("exports a CSV row for every answer of every rating with points and contribution", async () => {
    const response = await staff.get(`/assessments/${scored.assessmentId}/scorecard.csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
    const rows = parse(await response.text(), { columns: true }) as Array<Record<string, string>>;
    const result = (await latestScore(db(), scored.assessmentId))!.result;
    const expected = [result.supplier, ...Object.values(result.components)].reduce(
      (n, r) => n + r.explanation.questions.filter((l) => l.status !== "hidden").length,
      0,
    );
    expect(rows).toHaveLength(expected);
    expect(Object.keys(rows[0]!)).toEqual([...SCORECARD_CSV_COLUMNS]);
    const incident = rows.find((r) => r.rating === "Supplier level" && r.question_key === "s_incident")!;
    expect(incident).toMatchObject({ answer: "No", status: "scored", points: "0", contribution: "0", weight: "2" });
    const controls = rows.find((r) => r.question_key === "c_controls" && r.component?.startsWith("Vision API"))!;
    expect(Number(controls.points)).toBe(0.75);
    expect(Number(controls.contribution)).toBeCloseTo(25, 6);
  });

  it("never shows the vendor a score, grade or flag", async () => {
    const pages: string[] = [
      "",
      "/submit",
      "/s/supplier",
      `/s/component?component=${scored.componentIds[0]}`,
      "/team",
      `/evidence?question=c_model_card&component=${scored.componentIds[0]}`,
    ];
    for (const path of pages) {
      const response = await vendor.get(`/v/a/${scored.assessmentId}${path}`);
      expect(response.status, path).toBeLessThan(400);
      // What the page shows (scripts and markup aside): no grade, score, flag or scorecard.
      const shown = textOf(await response.text())
        .replace(/<script[\s\S]*?<\/script>/g, " ")
        .replace(/<[^>]+>/g, " ");
      expect(shown, path).not.toMatch(/grade|knock-?out|scorecard|score/i);
      expect(shown, path).not.toContain("No incident-notification commitment");
      // The loaders' data as the client fetches it (single fetch: <path>.data).
      const [pathname, search] = `/v/a/${scored.assessmentId}${path}`.split("?");
      const data = await vendor.get(`${pathname}.data${search ? `?${search}` : ""}`);
      expect(data.status, `${path} data`).toBe(200);
      expect(await data.text(), `${path} data`).not.toMatch(/"(grade|overall|flags|confidence|explanation|input_hash|inputHash)"/);
    }
    // Staff pages are not theirs: sign-in redirect, never the data.
    for (const path of ["scorecard", "scorecard.pdf", "scorecard.csv"]) {
      const response = await vendor.get(`/assessments/${scored.assessmentId}/${path}`);
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toMatch(/^\/login/);
    }
  });

  it("the methodology page refuses bad input next to the field and writes nothing", async () => {
    const versions = async () =>
      Number(
        (
          await db()
            .selectFrom("methodologies")
            .select((eb) => eb.fn.countAll<string>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const page = await staff.get("/admin/methodology");
    expect(page.status).toBe(200);
    const form = Object.fromEntries([...(await page.text()).matchAll(/<(?:input|select)[^>]*name="([a-zA-Z.]+)"/g)].map((m) => [m[1]!, ""]));
    expect(Object.keys(form)).toContain("riskMatrix.critical.E");
    const before = await versions();
    const valid: Record<string, string> = {
      intent: "save",
      "thresholds.A": "85",
      "thresholds.B": "70",
      "thresholds.C": "55",
      "thresholds.D": "40",
      multiDefault: "mean",
      expiredEvidenceFraction: "0.25",
    };
    for (const d of [
      "training_data",
      "data_quality",
      "bias_fairness",
      "transparency",
      "change_management",
      "security_privacy",
      "governance",
      "regulatory",
      "supply_chain",
    ])
      valid[`domainWeights.${d}`] = "1";
    const matrix: Record<string, Record<string, string>> = {
      low: { A: "low", B: "low", C: "low", D: "medium", E: "medium" },
      medium: { A: "low", B: "low", C: "medium", D: "high", E: "high" },
      high: { A: "low", B: "medium", C: "high", D: "high", E: "critical" },
      critical: { A: "medium", B: "high", C: "high", D: "critical", E: "critical" },
    };
    for (const [level, row] of Object.entries(matrix)) for (const [g, v] of Object.entries(row)) valid[`riskMatrix.${level}.${g}`] = v;
    Object.assign(valid, {
      "reassessmentMonths.critical": "6",
      "reassessmentMonths.high": "12",
      "reassessmentMonths.medium": "24",
      "reassessmentMonths.low": "36",
    });

    const outOfOrder = await staff.post("/admin/methodology", { ...valid, "thresholds.B": "90" });
    expect(outOfOrder.status).toBe(400);
    const html = textOf(await outOfOrder.text());
    expect(html).toMatch(/<p class="field__error" id="m-thresholds-B-error">Thresholds out of order: B \(90\) must be below A \(85\)<\/p>/);

    const gaps = await staff.post("/admin/methodology", { ...valid, "domainWeights.governance": "0", "riskMatrix.high.C": "" });
    expect(gaps.status).toBe(400);
    const gapHtml = textOf(await gaps.text());
    expect(gapHtml).toContain(`id="m-domainWeights-governance-error">Weights must be above 0</p>`);
    expect(gapHtml).toContain(`id="m-riskMatrix-high-C-error">Give a residual risk`);
    expect(await versions()).toBe(before);

    // A valid change: a new version, then "rescore all" with its progress on the page.
    const saved = await staff.post("/admin/methodology", { ...valid, "thresholds.A": "60", "thresholds.B": "50", "thresholds.C": "45" });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe(`/admin/methodology?saved=${before + 1}`);
    expect(textOf(await (await staff.get(`/admin/methodology?saved=${before + 1}`)).text())).toContain(
      `Rescore all scored assessments with version ${before + 1}`,
    );
    const started = await staff.post("/admin/methodology", { intent: "rescore" });
    expect(started.status).toBe(302);
    await eventually(
      async () => (await db().selectFrom("rescore_runs").select("finished_at").where("finished_at", "is not", null).executeTakeFirst()) ?? null,
      30_000,
    );
    const progress = textOf(await (await staff.get("/admin/methodology")).text());
    expect(progress).toMatch(/Version \d+: 1 of 1 assessments \(100%\)/);
    const latest = (await latestScore(db(), scored.assessmentId))!;
    expect(latest).toMatchObject({ reason: "rescore", methodology_version: before + 1 });

    // Procurement may read scorecards but not change the methodology.
    const buyer = await createUser(db(), "procurement"); // receives no other mail
    const buyerClient = await signIn(server, buyer.email);
    expect((await buyerClient.get("/admin/methodology")).status).toBe(403);
    expect((await buyerClient.get(`/assessments/${scored.assessmentId}/scorecard`)).status).toBe(200);
  });
});
