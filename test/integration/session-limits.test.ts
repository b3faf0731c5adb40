// Staff and vendor sessions end after their idle and absolute limits (one rule for both, see
// domain/session-validity), and a vendor session also ends with its grant. The clock is moved with
// the `now` argument: no sleeps.
import { addDays, utcDate } from "~/domain/reminders";
import { issueAssessment } from "~/services/assessment-issue.server";
import { userActor } from "~/services/audit.server";
import { createStaffSession, findStaffSession, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from "~/services/sessions.server";
import { createTemplate, publishVersion, saveDraft } from "~/services/template-versions.server";
import { createVendorSession, findVendorAccess, VENDOR_SESSION_ABSOLUTE_MS, VENDOR_SESSION_IDLE_MS } from "~/services/vendor-session.server";
import { startTestApp, type TestApp } from "../support/app";
import { createUser } from "../support/factories";

const meta = { ip: "127.0.0.1", userAgent: "vitest" };
const HOUR = 3_600_000;
const later = (from: Date, ms: number) => new Date(from.getTime() + ms);

describe("session limits", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => app?.stop());

  describe("staff", () => {
    async function staffSession(now: Date) {
      const user = await createUser(app.ctx.db, "viewer");
      return app.ctx.db.transaction().execute((trx) => createStaffSession(trx, user.id, meta, now));
    }

    it("ends after the idle limit without use", async () => {
      const start = new Date();
      const { token } = await staffSession(start);
      expect(await findStaffSession(app.ctx.db, token, later(start, SESSION_IDLE_MS - 60_000))).not.toBeNull();
      // That use moved last_seen_at: the idle limit counts from it.
      expect(await findStaffSession(app.ctx.db, token, later(start, 2 * SESSION_IDLE_MS - 2 * 60_000))).not.toBeNull();
      expect(await findStaffSession(app.ctx.db, token, later(start, 3 * SESSION_IDLE_MS))).toBeNull();
    });

    it("ends at the absolute limit however often it is used", async () => {
      const start = new Date();
      const { token } = await staffSession(start);
      for (let t = 10 * HOUR; t < SESSION_ABSOLUTE_MS; t += 10 * HOUR) expect(await findStaffSession(app.ctx.db, token, later(start, t))).not.toBeNull();
      expect(await findStaffSession(app.ctx.db, token, later(start, SESSION_ABSOLUTE_MS))).toBeNull();
    });

    it("ends when the row's limits are moved into the past", async () => {
      const { token, sessionId } = await staffSession(new Date());
      expect(await findStaffSession(app.ctx.db, token)).not.toBeNull();
      await app.ctx.db
        .updateTable("sessions")
        .set({ last_seen_at: new Date(Date.now() - SESSION_IDLE_MS - 1000) })
        .where("id", "=", sessionId)
        .execute();
      expect(await findStaffSession(app.ctx.db, token)).toBeNull();
    });
  });

  describe("vendor", () => {
    let assessmentId: string;
    let otherAssessmentId: string;
    let grantId: string;
    let grantExpiresAt: Date;

    beforeAll(async () => {
      const user = await createUser(app.ctx.db, "procurement");
      const actor = userActor(user);
      const { versionId } = await createTemplate(app.ctx, actor, { name: `Session limits ${Date.now()}`, description: null });
      const definition = {
        title: "One question",
        sections: [
          {
            key: "org",
            title: "Organisation",
            scope: "supplier",
            questions: [{ key: "q1", prompt: "Q1?", type: "yes_no", required: true, weight: 1, domain: "governance", allowNa: false, refs: [] }],
          },
        ],
      };
      expect(await saveDraft(app.ctx, actor, versionId, definition)).toMatchObject({ ok: true });
      expect(await publishVersion(app.ctx, actor, versionId)).toMatchObject({ ok: true });
      const issue = async (n: number) => {
        const supplier = await app.ctx.db
          .insertInto("suppliers")
          .values({ name: `Session vendor ${n} ${Date.now()}`, status: "active" })
          .returning("id")
          .executeTakeFirstOrThrow();
        const contact = await app.ctx.db
          .insertInto("supplier_contacts")
          .values({ supplier_id: supplier.id, name: "Val Vendor", email: `val${n}.${Date.now()}@vendor.example.com`, is_primary: true })
          .returning("id")
          .executeTakeFirstOrThrow();
        return issueAssessment(app.ctx, actor, {
          supplierId: supplier.id,
          templateVersionId: versionId,
          componentIds: [],
          contactIds: [contact.id],
          dueDate: addDays(utcDate(new Date()), 30),
          message: null,
        });
      };
      const issued = await issue(1);
      assessmentId = issued.assessmentId;
      grantId = issued.grantIds[0]!;
      otherAssessmentId = (await issue(2)).assessmentId;
      grantExpiresAt = (await app.ctx.db.selectFrom("access_grants").select("expires_at").where("id", "=", grantId).executeTakeFirstOrThrow()).expires_at;
    });

    const vendorSession = (now: Date) => app.ctx.db.transaction().execute((trx) => createVendorSession(trx, grantId, grantExpiresAt, meta, now));

    it("is for its own assessment only", async () => {
      const { token } = await vendorSession(new Date());
      expect((await findVendorAccess(app.ctx.db, token, assessmentId))?.grant.id).toBe(grantId);
      expect(await findVendorAccess(app.ctx.db, token, otherAssessmentId)).toBeNull();
      expect(await findVendorAccess(app.ctx.db, token, "not-a-uuid")).toBeNull();
    });

    it("ends after the idle limit without use", async () => {
      const start = new Date();
      const { token } = await vendorSession(start);
      expect(await findVendorAccess(app.ctx.db, token, assessmentId, later(start, VENDOR_SESSION_IDLE_MS - 60_000))).not.toBeNull();
      expect(await findVendorAccess(app.ctx.db, token, assessmentId, later(start, 2 * VENDOR_SESSION_IDLE_MS - 2 * 60_000))).not.toBeNull();
      expect(await findVendorAccess(app.ctx.db, token, assessmentId, later(start, 3 * VENDOR_SESSION_IDLE_MS))).toBeNull();
    });

    it("ends at the absolute limit however often it is used", async () => {
      const start = new Date();
      const { token } = await vendorSession(start);
      for (let t = 10 * HOUR; t < VENDOR_SESSION_ABSOLUTE_MS; t += 10 * HOUR)
        expect(await findVendorAccess(app.ctx.db, token, assessmentId, later(start, t))).not.toBeNull();
      expect(await findVendorAccess(app.ctx.db, token, assessmentId, later(start, VENDOR_SESSION_ABSOLUTE_MS))).toBeNull();
    });

    it("ends with its grant: revoked, or expired", async () => {
      const { token } = await vendorSession(new Date());
      await app.ctx.db
        .updateTable("access_grants")
        .set({ expires_at: new Date(Date.now() - 1000) })
        .where("id", "=", grantId)
        .execute();
      expect(await findVendorAccess(app.ctx.db, token, assessmentId)).toBeNull();
      await app.ctx.db.updateTable("access_grants").set({ expires_at: grantExpiresAt, revoked_at: new Date() }).where("id", "=", grantId).execute();
      expect(await findVendorAccess(app.ctx.db, token, assessmentId)).toBeNull();
      await app.ctx.db.updateTable("access_grants").set({ revoked_at: null }).where("id", "=", grantId).execute();
      expect(await findVendorAccess(app.ctx.db, token, assessmentId)).not.toBeNull();
    });
  });
});
