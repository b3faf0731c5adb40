// Staff users: invite, change role, disable. Every change is audited in its own transaction.
import type { Kysely } from "kysely";
import * as z from "zod";
import type { Database, User } from "../../db/schema";
import { ROLE_LABELS, ROLES, type Role } from "../domain/permissions";
import { recordAudit, type Actor } from "./audit.server";
import type { AppContext } from "./context.server";
import { queueEmail } from "./mail.server";
import { revokeUserSessions } from "./sessions.server";
import { INVITE_LINK_DAYS, issueLoginToken, loginUrl, voidLoginTokens } from "./sign-in.server";

export const emailSchema = z
  .string({ error: "Enter an email address" })
  .trim()
  .min(1, "Enter an email address")
  .max(254, "An email address has at most 254 characters")
  .pipe(z.email({ error: "Enter a valid email address, like name@example.com" }))
  .transform((value) => value.toLowerCase());

export const inviteUserSchema = z.object({
  email: emailSchema,
  name: z.string({ error: "Enter a name" }).trim().min(1, "Enter a name").max(200, "Keep the name under 200 characters"),
  role: z.enum(ROLES, { error: "Choose a role" }),
});
export type InviteUserInput = z.infer<typeof inviteUserSchema>;

export class UserError extends Error {
  constructor(
    readonly field: string | null,
    message: string,
  ) {
    super(message);
  }
}

export function listUsers(db: Kysely<Database>) {
  return db
    .selectFrom("users")
    .select(["id", "email", "name", "role", "disabled_at", "last_sign_in_at", "created_at"])
    .orderBy("disabled_at", (ob) => ob.desc().nullsFirst())
    .orderBy("name")
    .execute();
}

export function countUsers(db: Kysely<Database>) {
  return db
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
}

/** Creates the user (if new) and mails them a sign-in link valid for some days. */
export async function inviteUser(ctx: AppContext, actor: Actor, input: InviteUserInput): Promise<User> {
  return ctx.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom("users").select("id").where("email", "=", input.email).executeTakeFirst();
    if (existing) throw new UserError("email", "A user with this email address already exists");
    const user = await trx.insertInto("users").values(input).returningAll().executeTakeFirstOrThrow();
    const token = await issueLoginToken(trx, user.id, "invite");
    await queueEmail(ctx.queue, trx, user.email, "staff-invitation", {
      name: user.name,
      invitedBy: actor.label,
      roleLabel: ROLE_LABELS[user.role],
      url: loginUrl(ctx.config.baseUrl, token),
      daysValid: INVITE_LINK_DAYS,
    });
    await recordAudit(trx, actor, { action: "user.invite", entityType: "user", entityId: user.id, details: { email: user.email, role: user.role } });
    return user;
  });
}

async function activeAdminCount(db: Kysely<Database>, excludingUserId: string) {
  const row = await db
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("role", "=", "admin")
    .where("disabled_at", "is", null)
    .where("id", "!=", excludingUserId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function changeUserRole(ctx: AppContext, actor: Actor, userId: string, role: Role): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom("users").selectAll().where("id", "=", userId).forUpdate().executeTakeFirst();
    if (!user) throw new UserError(null, "This user no longer exists");
    if (user.role === role) return;
    if (user.role === "admin" && (await activeAdminCount(trx, userId)) === 0) {
      throw new UserError("role", "Assay needs at least one active admin: make someone else an admin first");
    }
    await trx.updateTable("users").set({ role, updated_at: new Date() }).where("id", "=", userId).execute();
    await recordAudit(trx, actor, { action: "user.role_change", entityType: "user", entityId: userId, details: { from: user.role, to: role } });
  });
}

export async function setUserDisabled(ctx: AppContext, actor: Actor, userId: string, disabled: boolean): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom("users").selectAll().where("id", "=", userId).forUpdate().executeTakeFirst();
    if (!user) throw new UserError(null, "This user no longer exists");
    if (Boolean(user.disabled_at) === disabled) return;
    if (disabled && actor.id === userId) throw new UserError(null, "You cannot disable your own account");
    if (disabled && user.role === "admin" && (await activeAdminCount(trx, userId)) === 0) {
      throw new UserError(null, "Assay needs at least one active admin");
    }
    const now = new Date();
    await trx
      .updateTable("users")
      .set({ disabled_at: disabled ? now : null, updated_at: now })
      .where("id", "=", userId)
      .execute();
    // Disabling ends the user's sessions and voids their unused links, so re-enabling starts afresh.
    const endedSessions = disabled ? await revokeUserSessions(trx, userId, now) : 0;
    const voidedLinks = disabled ? await voidLoginTokens(trx, userId) : 0;
    await recordAudit(trx, actor, {
      action: disabled ? "user.disable" : "user.enable",
      entityType: "user",
      entityId: userId,
      details: disabled ? { email: user.email, endedSessions, voidedLinks } : { email: user.email, endedSessions },
    });
  });
}

/** For the command line: makes (or re-enables) a user and returns a one-time sign-in URL. */
export async function createUserWithSignInLink(
  ctx: Pick<AppContext, "db" | "config">,
  actor: Actor,
  input: { email: string; name: string; role: Role },
): Promise<{ user: User; url: string; created: boolean }> {
  return ctx.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom("users").selectAll().where("email", "=", input.email).executeTakeFirst();
    const user = existing
      ? await trx
          .updateTable("users")
          .set({ role: input.role, disabled_at: null, updated_at: new Date() })
          .where("id", "=", existing.id)
          .returningAll()
          .executeTakeFirstOrThrow()
      : await trx.insertInto("users").values(input).returningAll().executeTakeFirstOrThrow();
    const token = await issueLoginToken(trx, user.id, "sign_in");
    await recordAudit(trx, actor, {
      action: existing ? "user.update_from_cli" : "user.create",
      entityType: "user",
      entityId: user.id,
      details: { email: user.email, role: user.role },
    });
    return { user, url: loginUrl(ctx.config.baseUrl, token), created: !existing };
  });
}

/** The active admins, to name as the people who can change someone's role (a 403 page says who to ask). */
export function listAdminContacts(db: Kysely<Database>, limit = 5): Promise<Array<{ name: string; email: string }>> {
  return db.selectFrom("users").select(["name", "email"]).where("role", "=", "admin").where("disabled_at", "is", null).orderBy("name").limit(limit).execute();
}
