// npm run db:seed: adds the demo users, suppliers, components and AI systems (idempotent).
import { seedDemoData } from "../app/services/demo-seed.server";
import { runCommand } from "./cli";

process.env.SEED_DEMO = "never"; // seed explicitly below, and report what was added
await runCommand({ worker: false, queue: false }, async (runtime) => {
  const summary = await seedDemoData(runtime.ctx.db);
  console.log(`Seeded ${runtime.database.location}:`, summary);
});
