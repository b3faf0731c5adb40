import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { Role } from "../../app/domain/permissions";

let counter = 0;

export async function createUser(db: Kysely<Database>, role: Role, overrides: { email?: string; name?: string } = {}) {
  counter += 1;
  return db
    .insertInto("users")
    .values({ email: overrides.email ?? `${role}.${counter}.${Date.now()}@example.com`, name: overrides.name ?? `Test ${role} ${counter}`, role })
    .returningAll()
    .executeTakeFirstOrThrow();
}
