// npm run db:seed-big [-- --suppliers 10000]: adds a large synthetic inventory (suppliers with
// contacts, 4 AI components each, one internal AI system per 5 suppliers, ~4 dependencies per
// system) to the configured database, for benchmarks. Idempotent; see app/services/big-seed.server.ts.
import { parseArgs } from "node:util";
import { BIG_SEED_DEFAULT_SUPPLIERS, BIG_SEED_MAX_SUPPLIERS, bigSeedSize, seedBigInventory } from "../app/services/big-seed.server";
import { runCommand } from "./cli";

const USAGE = `Usage: npm run db:seed-big -- [--suppliers N]   (default ${BIG_SEED_DEFAULT_SUPPLIERS}, at most ${BIG_SEED_MAX_SUPPLIERS})`;

let suppliers = BIG_SEED_DEFAULT_SUPPLIERS;
try {
  const { values } = parseArgs({ options: { suppliers: { type: "string" }, help: { type: "boolean", short: "h" } }, strict: true });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (values.suppliers !== undefined) {
    suppliers = Number(values.suppliers);
    if (!/^\d+$/.test(values.suppliers) || suppliers < 1 || suppliers > BIG_SEED_MAX_SUPPLIERS) {
      throw new Error(`--suppliers must be a whole number from 1 to ${BIG_SEED_MAX_SUPPLIERS}`);
    }
  }
} catch (error) {
  console.error(`Error: ${(error as Error).message}\n${USAGE}`);
  process.exit(1);
}

await runCommand({ worker: false, queue: false }, async (runtime) => {
  const size = bigSeedSize(suppliers);
  console.log(
    `Big seed into ${runtime.database.kind} at ${runtime.database.location}: ${size.suppliers} suppliers, ` +
      `${size.components} components, ${size.systems} AI systems (rows already there are skipped)`,
  );
  const { inserted, timings } = await seedBigInventory(runtime.ctx.db, { suppliers, log: console.log });
  const added = Object.entries(inserted)
    .map(([table, n]) => `${n} ${table}`)
    .join(", ");
  console.log(`Done in ${(timings.total! / 1000).toFixed(1)} s: added ${added}.`);
});
