// npm run seed:scale [-- --suppliers 10000]: a portfolio at scale in the configured database
// (DATABASE_URL or the embedded one): the big inventory plus five assessments per supplier in every
// status, ~100 answers each, evidence, findings, decisions, change notices, scores and deadlines.
// Idempotent: a second run adds nothing. See app/services/scale-seed.server.ts and decision 0029.
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { BIG_SEED_MAX_SUPPLIERS } from "../app/services/big-seed.server";
import { scaleSeedSize, seedScale } from "../app/services/scale-seed.server";
import { runCommand } from "./cli";

const USAGE = `Usage: npm run seed:scale -- [--suppliers N]   (default 10000, at most ${BIG_SEED_MAX_SUPPLIERS})`;

let suppliers = 10_000;
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
  const size = scaleSeedSize(suppliers);
  console.log(
    `Scale seed into ${runtime.database.kind} at ${runtime.database.location}: ${size.suppliers} suppliers, ${size.components} components, ` +
      `${size.systems} AI systems, ${size.assessments} assessments (rows already there are skipped)`,
  );
  const interactive = Boolean(process.stdout.isTTY);
  const bar = new cliProgress.SingleBar(
    { format: " {step} |{bar}| {percentage}% {value}/{total} {duration_formatted}", hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let current = "";
  const lines: string[] = [];
  const { inserted, timings } = await seedScale(runtime.ctx.db, {
    suppliers,
    onProgress: ({ step, done, total }) => {
      if (!interactive) return;
      if (step !== current) {
        if (current) bar.stop();
        current = step;
        bar.start(total, done, { step: step.padEnd(10) });
      } else bar.update(done);
    },
    log: (line) => (interactive ? lines.push(line) : console.log(line)),
  });
  if (interactive) {
    bar.stop();
    for (const line of lines) console.log(line);
  }
  const added = Object.entries(inserted)
    .filter(([, n]) => n > 0)
    .map(([table, n]) => `${n} ${table}`)
    .join(", ");
  console.log(`Done in ${(timings.total! / 1000).toFixed(1)} s: ${added ? `added ${added}` : "nothing to add"}.`);
});
