// npm run user:create -- --email a@b.c --role admin [--name "Ada Admin"]
// Creates (or re-enables) a user and prints a one-time sign-in link, so the first admin needs no mail.
import { parseArgs } from "node:util";
import { z } from "zod";
import { ROLES } from "../app/domain/permissions";
import { emailSchema, createUserWithSignInLink } from "../app/services/users.server";
import { runCommand } from "./cli";

const { values } = parseArgs({
  options: { email: { type: "string" }, role: { type: "string", default: "admin" }, name: { type: "string" } },
  strict: true,
});
const parsed = z
  .object({ email: emailSchema, role: z.enum(ROLES, { error: `--role must be one of ${ROLES.join(", ")}` }), name: z.string().trim().max(200).optional() })
  .safeParse(values);
if (!parsed.success) {
  for (const issue of parsed.error.issues) console.error(`--${issue.path.join(".")}: ${issue.message}`);
  console.error('Usage: npm run user:create -- --email you@example.com --role admin [--name "Your Name"]');
  process.exit(1);
}
const input = { email: parsed.data.email, role: parsed.data.role, name: parsed.data.name || parsed.data.email.split("@")[0]! };

await runCommand({ worker: false, queue: false }, async (runtime) => {
  const { user, url, created } = await createUserWithSignInLink(runtime.ctx, { type: "cli", id: null, label: "command line" }, input);
  console.log(`${created ? "Created" : "Updated"} ${user.email} (${user.role}).`);
  console.log(`One-time sign-in link (valid 15 minutes):\n\n  ${url}\n`);
});
