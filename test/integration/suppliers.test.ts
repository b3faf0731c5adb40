import { seedDemoData } from "../../app/services/demo-seed.server";
import { startTestServer, type TestServer, type WebClient } from "../support/server";
import { signIn } from "../support/sign-in";

const supplierForm = (overrides: Record<string, string> = {}) => ({
  name: "Acme Vision",
  legalName: "Acme Vision GmbH",
  website: "https://acme.example.com",
  country: "de",
  status: "active",
  procurementOwnerId: "",
  notes: "",
  externalId: "",
  ...overrides,
});

const componentForm = (overrides: Record<string, string> = {}) => ({
  name: "Acme Vision API",
  kind: "hosted_api",
  version: "v2",
  modelFamily: "AcmeNet",
  updateCadence: "interval",
  updateIntervalDays: "30",
  dataResidency: "EU",
  description: "Image classification",
  externalId: "",
  ...overrides,
});

describe("suppliers, contacts and components over HTTP", () => {
  let server: TestServer;
  let procurement: WebClient;
  let viewer: WebClient;
  const db = () => server.app.ctx.db;

  beforeAll(async () => {
    server = await startTestServer();
    await seedDemoData(server.app.ctx.db);
    procurement = await signIn(server, "procurement@example.com");
    viewer = await signIn(server, "auditor@example.com");
  });
  afterAll(async () => server?.stop());

  async function createSupplier(overrides: Record<string, string> = {}) {
    const response = await procurement.post("/suppliers/new", supplierForm(overrides));
    expect(response.status).toBe(302);
    return response.headers.get("location")!.split("/").pop()!;
  }

  it("creates a supplier with a contact and two components, and lists them", async () => {
    const id = await createSupplier();
    const supplier = await db().selectFrom("suppliers").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(supplier).toMatchObject({ name: "Acme Vision", country: "DE", status: "active", legal_name: "Acme Vision GmbH", notes: null });

    expect(
      (
        await procurement.post(`/suppliers/${id}/contacts/new`, {
          name: "Jo Vendor",
          email: "Jo@Acme.example.com",
          title: "CTO",
          isPrimary: "on",
          externalId: "",
        })
      ).status,
    ).toBe(302);
    expect((await procurement.post(`/suppliers/${id}/components/new`, componentForm())).status).toBe(302);
    expect(
      (await procurement.post(`/suppliers/${id}/components/new`, componentForm({ name: "Acme OCR", updateCadence: "on_release", updateIntervalDays: "" })))
        .status,
    ).toBe(302);

    const page = await (await procurement.get(`/suppliers/${id}`)).text();
    expect(page).toContain("jo@acme.example.com");
    expect(page).toContain("Primary");
    expect(page).toContain("Acme Vision API");
    expect(page).toContain("Every 30 days");
    expect(page).toContain("Acme OCR");

    const list = await (await procurement.get("/suppliers?q=acme")).text();
    expect(list).toContain("Acme Vision");
    expect(list).toContain("1–1 of 1 suppliers");
    const components = await (await viewer.get("/components?q=acme&sort=supplier&dir=desc")).text();
    expect(components).toContain("Acme Vision API");
    expect(components).toContain("Acme OCR");

    const actions = await db().selectFrom("audit_events").select("action").where("actor_label", "=", "procurement@example.com").orderBy("seq").execute();
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(["supplier.create", "supplier_contact.create", "ai_component.create"]));
  });

  it("explains bad values next to the fields and writes nothing", async () => {
    const before = await db().selectFrom("suppliers").select(db().fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    const response = await procurement.post(
      "/suppliers/new",
      supplierForm({ name: "  ", website: "acme", country: "Narnia", status: "bogus", procurementOwnerId: "not-a-uuid" }),
    );
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("Enter the supplier&#x27;s name");
    expect(html).toContain("Enter a full web address starting with https://");
    expect(html).toContain("Choose a country from the list, e.g. Germany or DE");
    expect(html).toContain("Choose a status");
    expect(html).toContain("Choose an owner from the list");
    expect(html).toMatch(/id="website"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="website"/);
    // What the user typed comes back in the fields.
    expect(html).toContain('value="Narnia"');
    const after = await db().selectFrom("suppliers").select(db().fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);

    const component = await procurement.post(
      `/suppliers/${await createSupplier({ name: "Interval Co" })}/components/new`,
      componentForm({ updateIntervalDays: "0" }),
    );
    expect(component.status).toBe(400);
    expect(await component.text()).toContain("Enter a whole number of days between 1 and 3650");
  });

  it("takes a country by name or code, stores its ISO code and shows its name (Germany is DE, not GE)", async () => {
    const stored = async (id: string) => (await db().selectFrom("suppliers").select("country").where("id", "=", id).executeTakeFirstOrThrow()).country;
    const germany = await createSupplier({ name: "Country Germany", country: "Germany" });
    expect(await stored(germany)).toBe("DE");
    expect(await stored(await createSupplier({ name: "Country de", country: "de" }))).toBe("DE");
    expect(await stored(await createSupplier({ name: "Country Georgia", country: "Georgia" }))).toBe("GE");
    expect(await stored(await createSupplier({ name: "Country USA", country: "USA" }))).toBe("US");
    expect(await stored(await createSupplier({ name: "Country none", country: "" }))).toBeNull();

    const page = await (await procurement.get(`/suppliers/${germany}`)).text();
    expect(page).toMatch(/Active(<!-- -->)? · Germany/);
    expect(page).toContain("Germany (DE)");
    const list = await (await procurement.get("/suppliers?q=country")).text();
    expect(list).toContain("Germany (DE)");
    expect(list).toContain("Georgia (GE)");
    // The form offers the names, and shows the stored country by name.
    const form = await (await procurement.get(`/suppliers/${germany}/edit`)).text();
    expect(form).toMatch(/<input[^>]*list="country-options"[^>]*value="Germany"|<input[^>]*value="Germany"[^>]*list="country-options"/);
    expect(form).toContain('<datalist id="country-options">');
    expect(form).toContain('<option value="Georgia" label="GE">');
    expect((await procurement.post(`/suppliers/${germany}/edit`, supplierForm({ name: "Country Germany", country: "France" }))).status).toBe(302);
    expect(await stored(germany)).toBe("FR");
  });

  it("refuses a country that is not on the list, next to the field, and writes nothing", async () => {
    const before = await db().selectFrom("suppliers").select(db().fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    for (const country of ["Narnia", "Congo", "XX"]) {
      const response = await procurement.post("/suppliers/new", supplierForm({ name: `Nowhere ${country}`, country }));
      expect(response.status).toBe(400);
      const html = await response.text();
      expect(html).toContain('<p class="field__error" id="country-error">Choose a country from the list, e.g. Germany or DE</p>');
      expect(html).toContain(`value="${country}"`);
    }
    const after = await db().selectFrom("suppliers").select(db().fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it("answers a duplicate name with a friendly conflict message", async () => {
    const response = await procurement.post("/suppliers/new", supplierForm({ name: "LUMENREACH AI" }));
    expect(response.status).toBe(409);
    expect(await response.text()).toContain("Another supplier already has this name");
    const contactDup = await procurement.post(`/suppliers/${await createSupplier({ name: "Dup Contacts" })}/contacts/new`, {
      name: "A",
      email: "a@x.example.com",
    });
    expect(contactDup.status).toBe(302);
    const id = contactDup.headers.get("location")!.split("/").pop()!;
    const again = await procurement.post(`/suppliers/${id}/contacts/new`, { name: "B", email: "A@x.example.com" });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("already has a contact with this email address");
  });

  it("keeps one primary contact, edits and archives, and restores", async () => {
    const id = await createSupplier({ name: "Primary Co" });
    await procurement.post(`/suppliers/${id}/contacts/new`, { name: "First", email: "first@p.example.com", isPrimary: "on" });
    await procurement.post(`/suppliers/${id}/contacts/new`, { name: "Second", email: "second@p.example.com", isPrimary: "on" });
    const primaries = await db().selectFrom("supplier_contacts").select("email").where("supplier_id", "=", id).where("is_primary", "=", true).execute();
    expect(primaries).toEqual([{ email: "second@p.example.com" }]);

    expect((await procurement.post(`/suppliers/${id}/edit`, supplierForm({ name: "Primary Co Renamed", status: "offboarding" }))).status).toBe(302);
    const edited = await db()
      .selectFrom("audit_events")
      .select("details")
      .where("entity_id", "=", id)
      .where("action", "=", "supplier.update")
      .executeTakeFirstOrThrow();
    expect(edited.details).toMatchObject({
      changes: { name: { from: "Primary Co", to: "Primary Co Renamed" }, status: { from: "active", to: "offboarding" } },
    });

    expect((await procurement.post(`/suppliers/${id}`, { intent: "archive" })).status).toBe(302);
    expect(await (await procurement.get(`/suppliers/${id}`)).text()).toContain("This supplier was archived");
    expect(await (await procurement.get("/suppliers?q=Primary")).text()).not.toContain("Primary Co Renamed");
    expect((await procurement.post(`/suppliers/${id}`, { intent: "restore" })).status).toBe(302);
    expect(await (await procurement.get("/suppliers?q=Primary")).text()).toContain("Primary Co Renamed");
  });

  it("lets viewers read but not write, and answers unknown ids with 404", async () => {
    expect((await viewer.get("/suppliers")).status).toBe(200);
    expect((await viewer.get("/suppliers/new")).status).toBe(403);
    expect((await viewer.post("/suppliers/new", supplierForm({ name: "Viewer Co" }))).status).toBe(403);
    const supplier = await db().selectFrom("suppliers").select("id").limit(1).executeTakeFirstOrThrow();
    expect((await viewer.post(`/suppliers/${supplier.id}`, { intent: "archive" })).status).toBe(403);
    expect(await db().selectFrom("suppliers").select("id").where("name", "=", "Viewer Co").executeTakeFirst()).toBeUndefined();

    expect((await viewer.get("/suppliers/00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await viewer.get("/suppliers/not-a-uuid")).status).toBe(404);
    expect((await viewer.get("/components/' OR 1=1 --")).status).toBe(404);
    expect((await procurement.post("/suppliers/00000000-0000-4000-8000-000000000000/edit", supplierForm())).status).toBe(404);
  });

  it("keeps list URLs working whatever the parameters", async () => {
    for (const query of ["page=-5", "page=999999", "sort=evil&dir=sideways", "status=unknown", "q=%25%5F%5C", "owner=not-a-uuid", `q=${"x".repeat(500)}`]) {
      expect((await viewer.get(`/suppliers?${query}`)).status).toBe(200);
      expect((await viewer.get(`/components?${query}`)).status).toBe(200);
    }
    const page = await (await viewer.get("/suppliers?status=prospective")).text();
    expect(page).toContain("Tagwell Data");
    expect(page).not.toContain("Lumenreach AI");
  });
});
