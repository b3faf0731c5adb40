import { sql, type Kysely } from "kysely";

// Assessments: a questionnaire (a pinned, published template version) sent to one supplier about
// some of its AI components; the magic-link grants of its vendor contacts; their answers, answer
// history and evidence; campaigns that issue many at once; and the reminders already sent.
const NO_COMPONENT = sql.raw(`'00000000-0000-0000-0000-000000000000'::uuid`);

const up = [
  sql`CREATE TABLE campaigns (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    template_version_id uuid NOT NULL REFERENCES template_versions(id),
    due_date date NOT NULL,
    message text CHECK (message IS NULL OR length(message) <= 5000),
    created_by uuid REFERENCES users(id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    total integer NOT NULL CHECK (total >= 0),
    issued integer NOT NULL DEFAULT 0 CHECK (issued >= 0),
    skipped integer NOT NULL DEFAULT 0 CHECK (skipped >= 0),
    failed integer NOT NULL DEFAULT 0 CHECK (failed >= 0),
    finished_at timestamptz,
    CHECK (issued + skipped + failed <= total)
  )`,
  sql`CREATE INDEX campaigns_created_at_idx ON campaigns (created_at DESC)`,

  sql`CREATE TABLE assessments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    supplier_id uuid NOT NULL REFERENCES suppliers(id),
    template_version_id uuid NOT NULL REFERENCES template_versions(id),
    status text NOT NULL DEFAULT 'sent' CHECK (status IN ('sent','in_progress','submitted','closed')),
    due_date date NOT NULL,
    message text CHECK (message IS NULL OR length(message) <= 5000),
    issued_by uuid REFERENCES users(id) ON DELETE SET NULL,
    reviewer_id uuid REFERENCES users(id) ON DELETE SET NULL,
    campaign_id uuid REFERENCES campaigns(id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    submitted_at timestamptz,
    reopened_at timestamptz,
    closed_at timestamptz,
    CHECK (status <> 'submitted' OR submitted_at IS NOT NULL),
    CHECK ((status = 'closed') = (closed_at IS NOT NULL))
  )`,
  sql`CREATE INDEX assessments_status_due_idx ON assessments (status, due_date)`,
  sql`CREATE INDEX assessments_due_idx ON assessments (due_date) WHERE status IN ('sent','in_progress')`,
  sql`CREATE INDEX assessments_supplier_idx ON assessments (supplier_id, created_at DESC)`,
  sql`CREATE INDEX assessments_campaign_idx ON assessments (campaign_id) WHERE campaign_id IS NOT NULL`,
  sql`CREATE INDEX assessments_template_version_idx ON assessments (template_version_id)`,

  sql`CREATE TABLE campaign_results (
    campaign_id uuid NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    supplier_id uuid NOT NULL REFERENCES suppliers(id),
    position integer NOT NULL,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','issued','skipped','failed')),
    reason text,
    assessment_id uuid REFERENCES assessments(id) ON DELETE SET NULL,
    processed_at timestamptz,
    PRIMARY KEY (campaign_id, supplier_id),
    CHECK ((status = 'pending') = (processed_at IS NULL)),
    CHECK (status <> 'issued' OR assessment_id IS NOT NULL)
  )`,
  sql`CREATE INDEX campaign_results_pending_idx ON campaign_results (campaign_id, position) WHERE status = 'pending'`,

  // The components in scope: component-scope sections are answered once for each.
  sql`CREATE TABLE assessment_components (
    assessment_id uuid NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    ai_component_id uuid NOT NULL REFERENCES ai_components(id),
    PRIMARY KEY (assessment_id, ai_component_id)
  )`,
  sql`CREATE INDEX assessment_components_component_idx ON assessment_components (ai_component_id)`,

  // One grant per vendor contact and assessment. Only the SHA-256 of the link's token is kept.
  sql`CREATE TABLE access_grants (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    assessment_id uuid NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    contact_id uuid REFERENCES supplier_contacts(id) ON DELETE SET NULL,
    email text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    token_hash text NOT NULL CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz,
    invited_by_grant_id uuid REFERENCES access_grants(id) ON DELETE SET NULL,
    sections text[],
    created_at timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    last_sent_at timestamptz
  )`,
  sql`CREATE UNIQUE INDEX access_grants_token_hash_key ON access_grants (token_hash)`,
  sql`CREATE UNIQUE INDEX access_grants_email_key ON access_grants (assessment_id, email)`,
  sql`CREATE INDEX access_grants_email_idx ON access_grants (email) WHERE revoked_at IS NULL`,
  sql`CREATE INDEX access_grants_invited_by_idx ON access_grants (invited_by_grant_id) WHERE invited_by_grant_id IS NOT NULL`,

  // Vendor sessions are scoped to one grant (and so to one assessment).
  sql`ALTER TABLE sessions ADD COLUMN grant_id uuid REFERENCES access_grants(id) ON DELETE CASCADE`,
  sql`ALTER TABLE sessions ADD CONSTRAINT sessions_kind_owner CHECK (
    (kind = 'staff' AND user_id IS NOT NULL AND grant_id IS NULL) OR (kind = 'vendor' AND grant_id IS NOT NULL AND user_id IS NULL)
  )`,
  sql`CREATE INDEX sessions_grant_id_idx ON sessions (grant_id) WHERE grant_id IS NOT NULL`,

  // One answer per question and scope: the supplier (no component) or one component in scope.
  // scope_id turns "no component" into a value, so the unique key and ON CONFLICT work on it.
  sql`CREATE TABLE answers (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    assessment_id uuid NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    question_key text NOT NULL CHECK (question_key ~ '^[a-z][a-z0-9_]{0,63}$'),
    ai_component_id uuid,
    scope_id uuid GENERATED ALWAYS AS (coalesce(ai_component_id, ${NO_COMPONENT})) STORED,
    value jsonb,
    is_na boolean NOT NULL DEFAULT false,
    comment text CHECK (comment IS NULL OR length(comment) <= 5000),
    revision integer NOT NULL DEFAULT 1 CHECK (revision >= 1),
    updated_by_grant_id uuid REFERENCES access_grants(id) ON DELETE SET NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (assessment_id, ai_component_id) REFERENCES assessment_components(assessment_id, ai_component_id) ON DELETE CASCADE
  )`,
  sql`CREATE UNIQUE INDEX answers_scope_key ON answers (assessment_id, question_key, scope_id)`,

  // Every saved revision, copied by a trigger so no code path can forget it; never changed afterwards.
  sql`CREATE TABLE answer_history (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    answer_id uuid NOT NULL,
    assessment_id uuid NOT NULL REFERENCES assessments(id),
    question_key text NOT NULL,
    ai_component_id uuid,
    value jsonb,
    is_na boolean NOT NULL,
    comment text,
    revision integer NOT NULL,
    updated_by_grant_id uuid,
    saved_at timestamptz NOT NULL
  )`,
  sql`CREATE INDEX answer_history_answer_idx ON answer_history (answer_id, revision)`,
  sql`CREATE INDEX answer_history_assessment_idx ON answer_history (assessment_id, id)`,
  sql`CREATE FUNCTION answers_keep_history() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO answer_history (answer_id, assessment_id, question_key, ai_component_id, value, is_na, comment, revision, updated_by_grant_id, saved_at)
      VALUES (NEW.id, NEW.assessment_id, NEW.question_key, NEW.ai_component_id, NEW.value, NEW.is_na, NEW.comment, NEW.revision, NEW.updated_by_grant_id, NEW.updated_at);
      RETURN NEW;
    END
  $$`,
  sql`CREATE TRIGGER answers_history AFTER INSERT OR UPDATE ON answers FOR EACH ROW EXECUTE FUNCTION answers_keep_history()`,
  sql`CREATE FUNCTION answer_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'answer_history is append-only' USING ERRCODE = 'integrity_constraint_violation';
    END
  $$`,
  sql`CREATE TRIGGER answer_history_no_update BEFORE UPDATE OR DELETE ON answer_history
    FOR EACH ROW EXECUTE FUNCTION answer_history_append_only()`,

  sql`CREATE TABLE evidence (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    assessment_id uuid NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    question_key text NOT NULL CHECK (question_key ~ '^[a-z][a-z0-9_]{0,63}$'),
    ai_component_id uuid,
    file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
    content_type text NOT NULL CHECK (length(content_type) BETWEEN 3 AND 200),
    size_bytes integer NOT NULL CHECK (size_bytes >= 0),
    sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    bytes bytea NOT NULL,
    valid_until date,
    uploaded_by_grant_id uuid REFERENCES access_grants(id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (octet_length(bytes) = size_bytes),
    FOREIGN KEY (assessment_id, ai_component_id) REFERENCES assessment_components(assessment_id, ai_component_id) ON DELETE CASCADE
  )`,
  sql`CREATE INDEX evidence_question_idx ON evidence (assessment_id, question_key, ai_component_id)`,
  sql`CREATE INDEX evidence_valid_until_idx ON evidence (valid_until) WHERE valid_until IS NOT NULL`,

  // A row per reminder sent. Its key is what makes "never twice" hold across job runs and workers:
  // the sweep inserts ON CONFLICT DO NOTHING and mails only when its insert won. Escalations go to
  // the procurement owner, not a grant: their grant_id is null (scope_id makes that a key value).
  sql`CREATE TABLE reminders_sent (
    assessment_id uuid NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    grant_id uuid REFERENCES access_grants(id) ON DELETE CASCADE,
    scope_id uuid GENERATED ALWAYS AS (coalesce(grant_id, ${NO_COMPONENT})) STORED,
    kind text NOT NULL CHECK (kind ~ '^(due_[0-9]{1,3}|overdue|escalation)$'),
    recipient text,
    email_id uuid REFERENCES emails(id) ON DELETE SET NULL,
    sent_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (assessment_id, scope_id, kind),
    CHECK ((kind = 'escalation') = (grant_id IS NULL))
  )`,
  sql`CREATE INDEX reminders_sent_grant_idx ON reminders_sent (grant_id, kind) WHERE grant_id IS NOT NULL`,
];

export async function migrateUp(db: Kysely<any>): Promise<void> {
  for (const statement of up) await statement.execute(db);
}

export async function migrateDown(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS reminders_sent`.execute(db);
  await sql`DROP TABLE IF EXISTS evidence`.execute(db);
  await sql`DROP TABLE IF EXISTS answer_history`.execute(db);
  await sql`DROP TABLE IF EXISTS answers`.execute(db);
  await sql`ALTER TABLE sessions DROP CONSTRAINT IF EXISTS sessions_kind_owner`.execute(db);
  await sql`DELETE FROM sessions WHERE grant_id IS NOT NULL`.execute(db);
  await sql`ALTER TABLE sessions DROP COLUMN IF EXISTS grant_id`.execute(db);
  await sql`DROP TABLE IF EXISTS access_grants`.execute(db);
  await sql`DROP TABLE IF EXISTS assessment_components`.execute(db);
  await sql`DROP TABLE IF EXISTS campaign_results`.execute(db);
  await sql`DROP TABLE IF EXISTS assessments`.execute(db);
  await sql`DROP TABLE IF EXISTS campaigns`.execute(db);
  await sql`DROP FUNCTION IF EXISTS answers_keep_history()`.execute(db);
  await sql`DROP FUNCTION IF EXISTS answer_history_append_only()`.execute(db);
}

export default { up: migrateUp, down: migrateDown };
