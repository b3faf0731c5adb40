// What the /ai-systems pages share: loading a system (404 when unknown) and the write check
// that follows from its owner. The data functions themselves live in ai-systems.server.ts.
import type { AppLoadContext } from "@remix-run/node";
import { can } from "../domain/permissions";
import { getSystem } from "../services/ai-systems.server";
import { notFound } from "./errors.server";
import { assertCan, requireUserWithPermission, type StaffUser } from "./guard.server";

export type LoadedSystem = NonNullable<Awaited<ReturnType<typeof getSystem>>>;

/** A signed-in reader and the system at `systemId`, or a 404. */
export async function requireSystem(request: Request, context: AppLoadContext, systemId: string | undefined) {
  const user = await requireUserWithPermission(request, context, "inventory:read");
  const system = await getSystem(context.app.db, systemId);
  if (!system) throw notFound();
  return { user, system };
}

/** As `requireSystem`, and the user may change it: its owner (risk owner) or an admin; else 403. */
export async function requireWritableSystem(request: Request, context: AppLoadContext, systemId: string | undefined) {
  const { user, system } = await requireSystem(request, context, systemId);
  assertCan(user, "system:write", { ownerId: system.owner_id });
  return { user, system };
}

/** Whether this user may make `ownerId` the owner of a system (a risk owner: only themselves). */
export function mayAssignOwner(user: StaffUser, ownerId: string | null): boolean {
  return ownerId === null || can(user, "system:write", { ownerId });
}

/** The owners offered in the form: everyone eligible for an admin, oneself for a risk owner. */
export function assignableOwners<T extends { id: string }>(user: StaffUser, owners: readonly T[]): T[] {
  return owners.filter((o) => can(user, "system:write", { ownerId: o.id }));
}
