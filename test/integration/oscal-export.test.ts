// OSCAL exports on the real server (PGlite, or PostgreSQL with TEST_DATABASE_URL): a scored
// assessment with answers, evidence with expiry, a knock-out, an open finding and a risk acceptance
// downloads as an OSCAL 1.0.4 assessment-results document that validates against NIST's schema
// (test/fixtures/oscal-1.0.4) and carries the mapping facts; a template version downloads as a
// catalog that validates too. Every staff role may read; vendors and strangers are sent to sign in;
// unknown ids are 404.
import { addDays, today } from "~/domain/calendar";
import { userActor } from "~/services/audit.server";
import { submitAssessment } from "~/services/assessment-lifecycle.server";
import { answerGolden, issueGolden, publishGolden, type Issued } from "../support/scored-assessment";
import { htmlOf, staffMember, vendorSession, type StaffMember } from "../support/findings";
import { assessmentResultsErrors, catalogErrors } from "../support/oscal-schemas";
import { startTestServer, WebClient, type TestServer } from "../support/server";

describe("OSCAL export", () => {
  let server: TestServer;
  let admin: StaffMember;
  let viewer: StaffMember;
  let versionId: string;
  let templateId: string;
  let scored: Issued;
  let vendor: WebClient;
  let openFinding: string;
  let acceptedFinding: string;
  const db = () => server.app.ctx.db;
  const inDays = (n: number) => addDays(today(), n);

  async function raise(title: string, questionKey: string | null, componentId: string | null, dueDate: string) {
    const form: Record<string, string> = { title, severity: "high", ownerId: admin.id, dueDate };
    if (questionKey) form.questionKey = questionKey;
    if (componentId) form.componentId = componentId;
    const response = await admin.client.post(`/assessments/${scored.assessmentId}/findings/new`, form);
    expect(response.status).toBe(302);
    return (response.headers.get("location") ?? "").slice("/findings/".length, "/findings/".length + 36);
  }

  beforeAll(async () => {
    server = await startTestServer();
    admin = await staffMember(server, "admin", "Ada Admin");
    viewer = await staffMember(server, "viewer", "Vic Viewer");
    versionId = await publishGolden(server.app.ctx, userActor(admin));
    templateId = (await db().selectFrom("template_versions").select("template_id").where("id", "=", versionId).executeTakeFirstOrThrow()).template_id;
    scored = await issueGolden(server.app.ctx, userActor(admin), versionId, `Zoë "Quoted" AI ${Date.now()}`);
    await answerGolden(server.app.ctx, scored, { incident: "no" }); // the critical knock-out fires
    vendor = await vendorSession(server, scored.grant.email);
    await submitAssessment(server.app.ctx, scored.grant, scored.assessmentId); // stores the score
    openFinding = await raise("Bias testing missing", "c_bias", scored.componentIds[1], inDays(45));
    acceptedFinding = await raise("Policy only partly in place", "s_policy", null, inDays(30));
    const accept = await admin.client.post(`/findings/${acceptedFinding}`, {
      intent: "accept",
      rationale: "Compensating controls in place.",
      approverId: admin.id,
      expiresOn: inDays(90),
    });
    expect(accept.status).toBeLessThan(400);
    expect((await db().selectFrom("findings").select("status").where("id", "=", acceptedFinding).executeTakeFirstOrThrow()).status).toBe("risk_accepted");
    // Component X's whole residual risk accepted (an internal system depends on it).
    const system = await db()
      .insertInto("ai_systems")
      .values({ name: "Credit scoring", owner_id: admin.id, criticality: "high", eu_ai_act_class: "high_risk", lifecycle: "in_production" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db()
      .insertInto("ai_system_dependencies")
      .values({ ai_system_id: system.id, ai_component_id: scored.componentIds[0], data_categories: ["personal"] })
      .execute();
    const component = await admin.client.post(`/components/${scored.componentIds[0]}/accept-risk`, {
      intent: "accept",
      rationale: "Needed for the launch; vendor fixing it next quarter.",
      approverId: admin.id,
      expiresOn: inDays(60),
    });
    expect(component.status).toBeLessThan(400);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  const exportOf = async (client: WebClient) => {
    const response = await client.get(`/assessments/${scored.assessmentId}/oscal.json`);
    expect(response.status).toBe(200);
    return response;
  };

  it("downloads a document that validates against the OSCAL 1.0.4 assessment-results schema", async () => {
    const response = await exportOf(admin.client);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="assessment-results-zoe-quoted-ai-\d+-\d{4}-\d{2}-\d{2}\.oscal\.json"$/);
    const doc = (await response.json()) as any;
    expect(assessmentResultsErrors(doc)).toEqual([]);
    expect(doc["assessment-results"].metadata["oscal-version"]).toBe("1.0.4");
    expect(doc["assessment-results"]["import-ap"].href).toBe(`${server.baseUrl}/assessments/${scored.assessmentId}`);
  });

  it("carries the mapping: knock-out → not-satisfied finding with a risk; open finding → open risk with deadline; accepted → deviation-approved; evidence expiry", async () => {
    const result = ((await (await exportOf(admin.client)).json()) as any)["assessment-results"].results[0];
    const knockout = result.risks.find((r: any) => r.title === "Knock-out: No incident-notification commitment");
    expect(knockout.status).toBe("open");
    const incident = result.findings.find((f: any) => f.target["target-id"] === "s_incident");
    expect(incident.target.status.state).toBe("not-satisfied");
    expect(incident["related-risks"]).toContainEqual({ "risk-uuid": knockout.uuid });

    const open = result.risks.find((r: any) => r.title === "Bias testing missing");
    expect(open).toMatchObject({ status: "open", deadline: `${inDays(45)}T23:59:59Z` });
    expect(open.props).toContainEqual(expect.objectContaining({ name: "finding-id", value: openFinding }));
    expect(open.links[0].href).toBe(`${server.baseUrl}/findings/${openFinding}`);
    expect(open.characterizations[0].facets).toContainEqual(expect.objectContaining({ name: "severity", value: "high" }));
    const accepted = result.risks.find((r: any) => r.title === "Policy only partly in place");
    expect(accepted.status).toBe("deviation-approved");
    expect(accepted.props).toContainEqual(expect.objectContaining({ name: "acceptance-expires", value: inDays(90) }));
    expect(accepted.props).toContainEqual(expect.objectContaining({ name: "accepted-by", value: "Ada Admin" }));

    const [x, y] = scored.componentIds;
    const residual = result.risks.find((r: any) => r.title.startsWith("Residual risk of Vision API"));
    expect(residual).toMatchObject({ status: "deviation-approved" });
    expect(residual.props).toContainEqual(expect.objectContaining({ name: "acceptance-expires", value: inDays(60) }));
    const names = await db().selectFrom("ai_components").select(["id", "name"]).where("id", "in", [x, y]).execute();
    const nameOf = (id: string) => names.find((n) => n.id === id)!.name;
    const cardX = result.observations.find((o: any) => o.title.startsWith("Question c_model_card?") && o.title.includes(nameOf(x)));
    expect(cardX.expires).toBe(`${inDays(200)}T23:59:59Z`);
    expect(cardX.methods).toContain("EXAMINE");
    const evidenceId = cardX["relevant-evidence"][0].href.split("/").at(-1);
    expect(cardX["relevant-evidence"][0].href).toBe(`${server.baseUrl}/assessments/${scored.assessmentId}/evidence/${evidenceId}`);
    // The link is the staff evidence download.
    expect((await admin.client.get(new URL(cardX["relevant-evidence"][0].href).pathname)).status).toBe(200);
    const cardY = result.observations.find((o: any) => o.title.startsWith("Question c_model_card?") && o.title.includes(nameOf(y)));
    expect(cardY.expires).toBe(`${inDays(-10)}T23:59:59Z`);
  });

  it("is the same document when downloaded twice, by any staff role", async () => {
    const first = await (await exportOf(admin.client)).text();
    const second = await (await exportOf(viewer.client)).text();
    expect(second).toBe(first);
  });

  it("refuses vendors and strangers (sign-in), and answers 404 for unknown, malformed or unscored assessments", async () => {
    for (const client of [vendor, new WebClient(server.baseUrl)]) {
      const response = await client.get(`/assessments/${scored.assessmentId}/oscal.json`);
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toMatch(/^\/login/);
    }
    expect((await admin.client.get(`/assessments/00000000-0000-4000-8000-000000000000/oscal.json`)).status).toBe(404);
    expect((await admin.client.get(`/assessments/not-a-uuid/oscal.json`)).status).toBe(404);
    const unscored = await issueGolden(server.app.ctx, userActor(admin), versionId);
    expect((await admin.client.get(`/assessments/${unscored.assessmentId}/oscal.json`)).status).toBe(404);
  });

  it("the scorecard links to the export", async () => {
    const html = await htmlOf(await admin.client.get(`/assessments/${scored.assessmentId}/scorecard`));
    expect(html).toContain(`href="/assessments/${scored.assessmentId}/oscal.json"`);
  });

  it("downloads a template version as an OSCAL catalog that validates; the template page links to it", async () => {
    const path = `/templates/${templateId}/versions/${versionId}/oscal-catalog.json`;
    const response = await viewer.client.get(path);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="scoring-check-[0-9a-f]+-v1\.oscal-catalog\.json"$/);
    const doc = (await response.json()) as any;
    expect(catalogErrors(doc)).toEqual([]);
    const controls = doc.catalog.groups.flatMap((g: any) => g.controls);
    expect(controls.map((c: any) => c.id)).toEqual([
      "s_policy",
      "s_iso",
      "s_notes",
      "s_incident",
      "c_gpai",
      "c_bias",
      "c_notice_days",
      "c_controls",
      "c_tested",
      "c_model_card",
    ]);
    // The assessment results review the same control ids.
    const ar = (await (await exportOf(admin.client)).json()) as any;
    const reviewed = ar["assessment-results"].results[0]["reviewed-controls"]["control-selections"][0]["include-controls"].map((c: any) => c["control-id"]);
    for (const id of reviewed) expect(controls.map((c: any) => c.id)).toContain(id);

    expect(await htmlOf(await viewer.client.get(`/templates/${templateId}`))).toContain(`href="${path}"`);
    expect((await viewer.client.get(`/templates/00000000-0000-4000-8000-000000000000/versions/${versionId}/oscal-catalog.json`)).status).toBe(404);
    expect((await viewer.client.get(`/templates/${templateId}/versions/00000000-0000-4000-8000-000000000000/oscal-catalog.json`)).status).toBe(404);
    const stranger = await new WebClient(server.baseUrl).get(path);
    expect(stranger.status).toBe(302);
  });
});
