// The hourly maintenance job (maintenance.cleanup) forgets what has expired; here: API
// Idempotency-Key replays older than a day go, fresh ones stay (a retry within the day still replays).
import { JOBS } from "../../app/services/queue.server";
import { personalTokenFor } from "../support/api";
import { eventually, startTestApp, type TestApp } from "../support/app";

describe("maintenance.cleanup", () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ worker: true });
  }, 60_000);
  afterAll(async () => app?.stop());

  it("deletes Idempotency-Key records older than a day and keeps fresh ones", async () => {
    const { tokenId } = await personalTokenFor(app.ctx, "procurement");
    const key = (name: string, ageHours: number) => ({
      token_id: tokenId,
      key: name,
      request_hash: "0".repeat(64),
      status: 201,
      response_body: "{}",
      created_at: new Date(Date.now() - ageHours * 3_600_000),
      completed_at: new Date(Date.now() - ageHours * 3_600_000),
    });
    await app.ctx.db
      .insertInto("api_idempotency_keys")
      .values([key("old", 25), key("fresh", 1)])
      .execute();
    const keys = async () =>
      (await app.ctx.db.selectFrom("api_idempotency_keys").select("key").where("token_id", "=", tokenId).orderBy("key").execute()).map((r) => r.key);
    expect(await keys()).toEqual(["fresh", "old"]);

    await app.ctx.queue.send(JOBS.cleanup, {});
    await eventually(async () => (await keys()).length === 1);
    expect(await keys()).toEqual(["fresh"]);
  }, 30_000);
});
