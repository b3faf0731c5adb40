// A fingerprint of what "apply" will write, so it can tell when the inventory changed since the
// preview, and each batch can tell that its rows still plan the same.
import { createHash } from "node:crypto";
import type { ImportPlan } from "../../domain/import/pipeline";

export function digestPlan<R>(plan: ImportPlan<R>): string {
  const hash = createHash("sha256");
  for (const item of plan.items) {
    if (item.action === "unchanged") continue;
    hash.update(JSON.stringify([item.row, item.action, item.id, item.key, item.changes.map((c) => [c.column, c.from, c.to])]));
    hash.update("\n");
  }
  return hash.digest("hex").slice(0, 32);
}
