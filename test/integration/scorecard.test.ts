// The scorecard on the real server (PGlite, or PostgreSQL with TEST_DATABASE_URL): staff see the
// grade, domains, flags and the drill-down; the PDF and CSV downloads; the methodology admin page
// refuses bad input next to the field and starts a rescore with progress; vendors never see a
// score, grade or flag of their own assessment.
import { createHash } from "node:crypto";
import { parse } from "csv-parse/sync";
import { AI_SUPPLIER_DUE_DILIGENCE } from "../../db/templates/ai-supplier-due-diligence";
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

/** A PDF's text as a reader extracts it (pdfjs-dist), page by page, and its document information. */
async function readPdf(bytes: Uint8Array): Promise<{ pages: string[]; info: Record<string, unknown> }> {
  const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  // pdfjs takes ownership of (detaches) the buffer it is given: hand it a copy.
  const doc = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false }).promise;
  try {
    const pages: string[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const content = await (await doc.getPage(i)).getTextContent();
      pages.push(content.items.map((item) => ("str" in item ? item.str : "")).join("\n"));
    }
    const { info } = await doc.getMetadata();
    return { pages, info: info as Record<string, unknown> };
  } finally {
    await doc.destroy();
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
    // A supplier name beyond Latin-1 (the PDF's font prints it) with characters the font lacks (printed as "?").
    scored = await issueGolden(server.app.ctx, userActor(admin), versionId, `Zoë Ωmega AI 株式会社 ${Date.now()}`);
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
    expect(Buffer.from(bytes.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
    const { pages, info } = await readPdf(bytes);
    const text = pages.join("\n");
    expect(text).toContain("Grade E");
    expect(text).toContain("Zoë Ωmega AI ????"); // Latin-extended and Greek printed, CJK replaced, no crash
    expect(text).toContain("No incident-notification commitment");
    expect(text).toContain("Credit model v3");
    expect(text).toContain("Appendix: every answer");
    expect(pages[0]).toMatch(new RegExp(`Page 1 of ${pages.length}`));
    expect(pages.at(-1)).toContain(`Page ${pages.length} of ${pages.length}`);
    expect(info).toMatchObject({ Author: "Assay" });
    expect(String(info.Title)).toContain("Scorecard: Zoë Ωmega AI 株式会社");
    expect(String(info.CreationDate)).toMatch(/^D:\d{14}/);
    expect(response.headers.get("x-content-sha256")).toBe(createHash("sha256").update(bytes).digest("hex"));
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

  it("never sends the vendor the scoring rules of the built-in template (page HTML or loader data)", async () => {
    const admin = await db().selectFrom("users").selectAll().where("email", "=", adminEmail).executeTakeFirstOrThrow();
    const builtIn = await publishGolden(server.app.ctx, userActor(admin), AI_SUPPLIER_DUE_DILIGENCE);
    const issued = await issueGolden(server.app.ctx, userActor(admin), builtIn);
    const client = await vendorClient(issued.grant.email);
    const questions = AI_SUPPLIER_DUE_DILIGENCE.sections.flatMap((s) => s.questions);
    // Each knock-out message up to its first character HTML or JSON would escape.
    const messages = questions.flatMap((q) => (q.knockouts ?? []).map((k) => k.message.split(/['"&<>\\]/)[0]!.slice(0, 50)));
    expect(messages.length).toBeGreaterThanOrEqual(5);
    // A scoring key, quoted as JSON, as a turbo-stream or inside the page's script (escaped quotes).
    const scoringKey = /\\*"(gradeCap|knockouts|score|weight|scoring|bands|severity)\\*"/;
    const paths = [
      "",
      "/submit",
      ...AI_SUPPLIER_DUE_DILIGENCE.sections.map((s) => (s.scope === "supplier" ? `/s/${s.key}` : `/s/${s.key}?component=${issued.componentIds[1]}`)),
    ];
    for (const path of paths) {
      const [pathname, search] = `/v/a/${issued.assessmentId}${path}`.split("?");
      const html = await client.get(`/v/a/${issued.assessmentId}${path}`);
      expect(html.status, path).toBe(200);
      const data = await client.get(`${pathname}.data${search ? `?${search}` : ""}`);
      expect(data.status, `${path} data`).toBe(200);
      for (const [what, body] of [
        ["html", await html.text()],
        ["data", await data.text()],
      ] as const) {
        expect(body, `${path} ${what}`).not.toMatch(scoringKey);
        expect(body, `${path} ${what}`).not.toContain("gradeCap");
        expect(body, `${path} ${what}`).not.toContain("knockouts");
        for (const message of messages) expect(body, `${path} ${what}`).not.toContain(message);
      }
    }
    // The form still gets what it needs: options' labels, conditions, evidence requests.
    const page = await (await client.get(`/v/a/${issued.assessmentId}/s/${AI_SUPPLIER_DUE_DILIGENCE.sections[0]!.key}.data`)).text();
    expect(page).toContain('"prompt"');
    expect(page).toContain('"label"');
  });

  it("the admin pages share one sub-navigation, the current page marked", async () => {
    for (const [path, label] of [
      ["/admin/users", "Users"],
      ["/admin/mail", "Mail delivery"],
      ["/admin/methodology", "Scoring methodology"],
      ["/admin/webhooks", "Webhooks"],
      ["/admin/api-tokens", "API tokens"],
    ] as const) {
      const response = await staff.get(path);
      expect(response.status, path).toBe(200);
      const html = textOf(await response.text());
      const nav = /<nav aria-label="Admin" class="admin-nav">([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? "";
      expect(
        [...nav.matchAll(/<a [^>]*href="([^"]+)"/g)].map((m) => m[1]),
        path,
      ).toEqual(["/admin/users", "/admin/mail", "/admin/methodology", "/admin/organisation", "/admin/webhooks", "/admin/api-tokens"]);
      expect(nav, path).toMatch(new RegExp(`<a [^>]*aria-current="page"[^>]*>${label}</a>`));
      expect(html).not.toContain("Also for admins");
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

    // Every problem at once: the thresholds' order too, while other fields are wrong.
    const gaps = await staff.post("/admin/methodology", { ...valid, "domainWeights.governance": "0", "riskMatrix.high.C": "", "thresholds.B": "90" });
    expect(gaps.status).toBe(400);
    const gapHtml = textOf(await gaps.text());
    expect(gapHtml).toContain(`id="m-thresholds-B-error">Thresholds out of order: B (90) must be below A (85)</p>`);
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
