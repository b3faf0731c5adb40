// npm run audit:verify: checks every link of the audit trail's hash chain.
import { verifyAuditTrail } from "../app/services/audit.server";
import { runCommand } from "./cli";

await runCommand({ worker: false, queue: false }, async (runtime) => {
  const result = await verifyAuditTrail(runtime.ctx.db);
  if (result.ok) {
    console.log(`Audit trail intact: ${result.checked} events checked.`);
    return 0;
  }
  const what = result.reason === "prev_hash" ? "does not link to the event before it" : "does not match its own hash (its content was changed)";
  console.error(`Audit trail broken at event #${result.seq}: it ${what}. ${result.checked} events before it are intact.`);
  return 2;
});
