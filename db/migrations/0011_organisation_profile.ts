import { sql, type Kysely } from "kysely";

// The buying organisation's profile: one row at most (id is always 1), written by admins and shown
// to vendors on the portal and in every email. No row means "not set yet" (pages use neutral words).
// The logo is a PNG or JPEG of at most 512 KB kept in the row; its SHA-256 is the ETag it is served with.
const up = [
  sql`CREATE TABLE organisation_profile (
    id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    name text CHECK (name IS NULL OR length(name) BETWEEN 1 AND 120),
    support_name text CHECK (support_name IS NULL OR length(support_name) BETWEEN 1 AND 120),
    support_email text CHECK (support_email IS NULL OR length(support_email) BETWEEN 3 AND 254),
    privacy_url text CHECK (privacy_url IS NULL OR (privacy_url LIKE 'https://%' AND length(privacy_url) <= 500)),
    logo bytea CHECK (logo IS NULL OR octet_length(logo) BETWEEN 1 AND 524288),
    logo_type text CHECK (logo_type IS NULL OR logo_type IN ('image/png', 'image/jpeg')),
    logo_hash text CHECK (logo_hash IS NULL OR logo_hash ~ '^[0-9a-f]{64}$'),
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
    CHECK ((logo IS NULL) = (logo_type IS NULL) AND (logo IS NULL) = (logo_hash IS NULL))
  )`,
];

export async function migrateUp(db: Kysely<any>): Promise<void> {
  for (const statement of up) await statement.execute(db);
}

export async function migrateDown(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS organisation_profile`.execute(db);
}

export default { up: migrateUp, down: migrateDown };
