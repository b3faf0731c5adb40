import { sql, type Kysely } from "kysely";

// Raw SQL reads like the schema it makes; each statement runs on its own so the same file
// works through PGlite's bridge and a real server.
const up = [
  sql`CREATE TABLE users (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email text NOT NULL CHECK (email = lower(email) AND length(email) <= 254),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    role text NOT NULL CHECK (role IN ('admin','procurement','risk_owner','viewer')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    disabled_at timestamptz,
    last_sign_in_at timestamptz
  )`,
  sql`CREATE UNIQUE INDEX users_email_key ON users (email)`,
  sql`CREATE INDEX users_role_idx ON users (role)`,

  sql`CREATE TABLE sessions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    token_hash text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('staff','vendor')),
    user_id uuid REFERENCES users(id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz,
    ip text,
    user_agent text
  )`,
  sql`CREATE UNIQUE INDEX sessions_token_hash_key ON sessions (token_hash)`,
  sql`CREATE INDEX sessions_user_id_idx ON sessions (user_id) WHERE revoked_at IS NULL`,

  sql`CREATE TABLE login_tokens (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash text NOT NULL,
    purpose text NOT NULL CHECK (purpose IN ('sign_in','invite')),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at timestamptz
  )`,
  sql`CREATE UNIQUE INDEX login_tokens_token_hash_key ON login_tokens (token_hash)`,
  sql`CREATE INDEX login_tokens_user_id_idx ON login_tokens (user_id)`,

  sql`CREATE TABLE rate_limits (
    bucket text NOT NULL,
    window_start timestamptz NOT NULL,
    hits integer NOT NULL,
    PRIMARY KEY (bucket, window_start)
  )`,

  sql`CREATE TABLE emails (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    to_address text NOT NULL,
    subject text NOT NULL,
    template text NOT NULL,
    html text,
    text_body text,
    status text NOT NULL CHECK (status IN ('queued','sent','stored','failed')),
    attempts integer NOT NULL DEFAULT 0,
    error text,
    created_at timestamptz NOT NULL DEFAULT now(),
    sent_at timestamptz
  )`,
  sql`CREATE INDEX emails_created_at_idx ON emails (created_at DESC)`,

  sql`CREATE TABLE audit_events (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at timestamptz NOT NULL,
    actor_type text NOT NULL CHECK (actor_type IN ('user','vendor','system','cli')),
    actor_id text,
    actor_label text NOT NULL,
    action text NOT NULL,
    entity_type text NOT NULL,
    entity_id text,
    details jsonb NOT NULL DEFAULT '{}'::jsonb,
    prev_hash text NOT NULL,
    hash text NOT NULL
  )`,
  sql`CREATE INDEX audit_events_entity_idx ON audit_events (entity_type, entity_id, seq)`,
  sql`CREATE INDEX audit_events_at_idx ON audit_events (at)`,
  // Append-only: the database itself refuses to change history.
  sql`CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_events is append-only';
    END
  $$`,
  sql`CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`,

  sql`CREATE TABLE suppliers (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    external_id text,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    legal_name text,
    website text,
    country text CHECK (country IS NULL OR country ~ '^[A-Z]{2}$'),
    status text NOT NULL CHECK (status IN ('prospective','active','offboarding','offboarded')),
    procurement_owner_id uuid REFERENCES users(id) ON DELETE SET NULL,
    notes text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    archived_at timestamptz
  )`,
  sql`CREATE UNIQUE INDEX suppliers_external_id_key ON suppliers (external_id)`,
  sql`CREATE UNIQUE INDEX suppliers_name_key ON suppliers (lower(name)) WHERE archived_at IS NULL`,
  sql`CREATE INDEX suppliers_status_name_idx ON suppliers (status, lower(name))`,
  sql`CREATE INDEX suppliers_owner_idx ON suppliers (procurement_owner_id)`,
  sql`CREATE INDEX suppliers_updated_idx ON suppliers (updated_at DESC)`,

  sql`CREATE TABLE supplier_contacts (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    supplier_id uuid NOT NULL REFERENCES suppliers(id) ON DELETE CASCADE,
    external_id text,
    name text NOT NULL,
    email text NOT NULL CHECK (email = lower(email)),
    title text,
    is_primary boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  sql`CREATE UNIQUE INDEX supplier_contacts_external_id_key ON supplier_contacts (external_id)`,
  sql`CREATE UNIQUE INDEX supplier_contacts_email_key ON supplier_contacts (supplier_id, email)`,
  sql`CREATE UNIQUE INDEX supplier_contacts_one_primary ON supplier_contacts (supplier_id) WHERE is_primary`,

  sql`CREATE TABLE ai_components (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    supplier_id uuid NOT NULL REFERENCES suppliers(id) ON DELETE CASCADE,
    external_id text,
    kind text NOT NULL CHECK (kind IN ('hosted_api','model_weights','saas_feature','dataset','agent_tooling')),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    version text,
    model_family text,
    update_cadence text NOT NULL CHECK (update_cadence IN ('interval','on_release','unknown')),
    update_interval_days integer CHECK (update_interval_days IS NULL OR update_interval_days BETWEEN 1 AND 3650),
    is_gpai boolean NOT NULL DEFAULT false,
    data_residency text,
    description text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    archived_at timestamptz,
    CHECK ((update_cadence = 'interval') = (update_interval_days IS NOT NULL))
  )`,
  sql`CREATE UNIQUE INDEX ai_components_external_id_key ON ai_components (external_id)`,
  sql`CREATE UNIQUE INDEX ai_components_name_key ON ai_components (supplier_id, lower(name)) WHERE archived_at IS NULL`,
  sql`CREATE INDEX ai_components_kind_name_idx ON ai_components (kind, lower(name))`,
  sql`CREATE INDEX ai_components_name_idx ON ai_components (lower(name))`,
  // Every supplier row counts its components and their dependents: this serves those lookups.
  sql`CREATE INDEX ai_components_supplier_idx ON ai_components (supplier_id)`,

  sql`CREATE TABLE ai_systems (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    external_id text,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    purpose text,
    owner_id uuid REFERENCES users(id) ON DELETE SET NULL,
    business_unit text,
    criticality text NOT NULL CHECK (criticality IN ('low','medium','high','critical')),
    eu_ai_act_class text NOT NULL CHECK (eu_ai_act_class IN ('prohibited','high_risk','limited_risk','minimal_risk','gpai_based')),
    lifecycle text NOT NULL CHECK (lifecycle IN ('planned','in_production','retired')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    archived_at timestamptz
  )`,
  sql`CREATE UNIQUE INDEX ai_systems_external_id_key ON ai_systems (external_id)`,
  sql`CREATE UNIQUE INDEX ai_systems_name_key ON ai_systems (lower(name)) WHERE archived_at IS NULL`,
  sql`CREATE INDEX ai_systems_owner_idx ON ai_systems (owner_id)`,
  sql`CREATE INDEX ai_systems_criticality_idx ON ai_systems (criticality, lower(name))`,

  sql`CREATE TABLE ai_system_dependencies (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    ai_system_id uuid NOT NULL REFERENCES ai_systems(id) ON DELETE CASCADE,
    ai_component_id uuid NOT NULL REFERENCES ai_components(id) ON DELETE CASCADE,
    purpose text,
    data_categories text[] NOT NULL DEFAULT '{}',
    since date,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (data_categories <@ ARRAY['none','internal','confidential','personal','special_category']::text[])
  )`,
  sql`CREATE UNIQUE INDEX ai_system_dependencies_edge_key ON ai_system_dependencies (ai_system_id, ai_component_id)`,
  sql`CREATE INDEX ai_system_dependencies_component_idx ON ai_system_dependencies (ai_component_id)`,
];

export async function migrateUp(db: Kysely<any>): Promise<void> {
  for (const statement of up) await statement.execute(db);
}

export async function migrateDown(db: Kysely<any>): Promise<void> {
  for (const table of [
    "ai_system_dependencies",
    "ai_systems",
    "ai_components",
    "supplier_contacts",
    "suppliers",
    "audit_events",
    "emails",
    "rate_limits",
    "login_tokens",
    "sessions",
    "users",
  ]) {
    await sql`DROP TABLE IF EXISTS ${sql.table(table)} CASCADE`.execute(db);
  }
  await sql`DROP FUNCTION IF EXISTS audit_events_append_only()`.execute(db);
}

export default { up: migrateUp, down: migrateDown };
