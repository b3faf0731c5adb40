// npm run audit:verify: checks every link of the audit trail's hash chain, and that it ends where
// its head says (events removed from the end). Exit 2 when it does not verify.
import { describeChainCheck } from "../app/domain/audit";
import { verifyAuditTrail } from "../app/services/audit.server";
import { runCommand } from "./cli";

await runCommand({ worker: false, queue: false }, async (runtime) => {
  const result = await verifyAuditTrail(runtime.ctx.db);
  if (result.ok) {
    console.log(describeChainCheck(result));
    return 0;
  }
  console.error(describeChainCheck(result));
  return 2;
});
