import { sql, type Kysely } from "kysely";

// The review workflow: the review states of an assessment and its decision; its reviewers; the
// per-answer threads (vendor-visible or internal); clarification requests that reopen chosen
// answers for the vendor; findings with their history and remediation evidence; risk acceptances
// with an expiry; and the link from a reassessment to the cycle before it.
const NO_COMPONENT = sql.raw(`'00000000-0000-0000-0000-000000000000'::uuid`);
const KEY = sql.raw(`'^[a-z][a-z0-9_]{0,63}$'`);

const up = [
  sql`ALTER TABLE assessments DROP CONSTRAINT assessments_status_check`,
  sql`ALTER TABLE assessments ADD CONSTRAINT assessments_status_check CHECK (status IN
    ('sent','in_progress','submitted','in_review','changes_requested','resubmitted','decided','expired','closed'))`,
  sql`ALTER TABLE assessments
    ADD COLUMN review_due_date date,
    ADD COLUMN review_started_at timestamptz,
    ADD COLUMN changes_requested_at timestamptz,
    ADD COLUMN decision text CHECK (decision IN ('approved','approved_with_conditions','rejected')),
    ADD COLUMN decision_rationale text CHECK (decision_rationale IS NULL OR length(decision_rationale) BETWEEN 1 AND 10000),
    ADD COLUMN decided_by uuid REFERENCES users(id) ON DELETE SET NULL,
    ADD COLUMN decided_at timestamptz,
    ADD COLUMN valid_until date,
    ADD COLUMN expired_at timestamptz,
    ADD COLUMN previous_assessment_id uuid REFERENCES assessments(id) ON DELETE SET NULL`,
  sql`ALTER TABLE assessments ADD CONSTRAINT assessments_decision_complete CHECK (
    (decision IS NULL) = (decided_at IS NULL) AND (decision IS NULL) = (decision_rationale IS NULL)
  )`,
  sql`ALTER TABLE assessments ADD CONSTRAINT assessments_decided_has_decision CHECK (status NOT IN ('decided','expired') OR decision IS NOT NULL)`,
  sql`CREATE INDEX assessments_review_due_idx ON assessments (review_due_date) WHERE status IN ('submitted','in_review','resubmitted')`,
  sql`CREATE INDEX assessments_valid_until_idx ON assessments (valid_until) WHERE status = 'decided'`,
  sql`CREATE INDEX assessments_previous_idx ON assessments (previous_assessment_id) WHERE previous_assessment_id IS NOT NULL`,

  // One or more reviewers per assessment (replaces the single reviewer_id).
  sql`CREATE TABLE assessment_reviewers (
    assessment_id uuid NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    assigned_by uuid REFERENCES users(id) ON DELETE SET NULL,
    assigned_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (assessment_id, user_id)
  )`,
  sql`CREATE INDEX assessment_reviewers_user_idx ON assessment_reviewers (user_id)`,
  sql`INSERT INTO assessment_reviewers (assessment_id, user_id) SELECT id, reviewer_id FROM assessments WHERE reviewer_id IS NOT NULL`,
  sql`ALTER TABLE assessments DROP COLUMN reviewer_id`,

  // Carried over from the previous cycle and not yet confirmed or changed by the vendor.
  sql`ALTER TABLE answers ADD COLUMN prefilled boolean NOT NULL DEFAULT false`,
  sql`ALTER TABLE evidence ADD COLUMN carried_from_id uuid REFERENCES evidence(id) ON DELETE SET NULL`,

  // A thread per answer (question and scope). Vendor contacts write only vendor-visible comments.
  sql`CREATE TABLE answer_comments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    assessment_id uuid NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    question_key text NOT NULL CHECK (question_key ~ ${KEY}),
    ai_component_id uuid,
    scope_id uuid GENERATED ALWAYS AS (coalesce(ai_component_id, ${NO_COMPONENT})) STORED,
    visibility text NOT NULL CHECK (visibility IN ('vendor','internal')),
    body text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
    author_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
    author_grant_id uuid REFERENCES access_grants(id) ON DELETE SET NULL,
    author_label text NOT NULL CHECK (length(author_label) BETWEEN 1 AND 300),
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (author_grant_id IS NULL OR visibility = 'vendor'),
    FOREIGN KEY (assessment_id, ai_component_id) REFERENCES assessment_components(assessment_id, ai_component_id) ON DELETE CASCADE
  )`,
  sql`CREATE INDEX answer_comments_thread_idx ON answer_comments (assessment_id, question_key, scope_id, created_at)`,

  // Each "request changes" is a round; each of its questions reopens for the vendor until resubmit.
  sql`CREATE TABLE clarification_requests (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    assessment_id uuid NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    round integer NOT NULL CHECK (round >= 1),
    question_key text NOT NULL CHECK (question_key ~ ${KEY}),
    ai_component_id uuid,
    scope_id uuid GENERATED ALWAYS AS (coalesce(ai_component_id, ${NO_COMPONENT})) STORED,
    message text NOT NULL CHECK (length(message) BETWEEN 1 AND 5000),
    requested_by uuid REFERENCES users(id) ON DELETE SET NULL,
    requested_at timestamptz NOT NULL DEFAULT now(),
    before_revision integer NOT NULL DEFAULT 0 CHECK (before_revision >= 0),
    after_revision integer CHECK (after_revision IS NULL OR after_revision >= 0),
    resolved_at timestamptz,
    UNIQUE (assessment_id, round, question_key, scope_id),
    CHECK ((resolved_at IS NULL) = (after_revision IS NULL)),
    FOREIGN KEY (assessment_id, ai_component_id) REFERENCES assessment_components(assessment_id, ai_component_id) ON DELETE CASCADE
  )`,
  sql`CREATE INDEX clarification_requests_open_idx ON clarification_requests (assessment_id, question_key, scope_id) WHERE resolved_at IS NULL`,

  sql`CREATE TABLE findings (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    assessment_id uuid REFERENCES assessments(id) ON DELETE SET NULL,
    supplier_id uuid NOT NULL REFERENCES suppliers(id),
    ai_component_id uuid REFERENCES ai_components(id),
    question_key text CHECK (question_key IS NULL OR question_key ~ ${KEY}),
    source text NOT NULL CHECK (source IN ('answer','scorecard','condition')),
    title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description text CHECK (description IS NULL OR length(description) <= 10000),
    severity text NOT NULL CHECK (severity IN ('low','medium','high','critical')),
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','remediating','risk_accepted','closed')),
    owner_id uuid REFERENCES users(id) ON DELETE SET NULL,
    due_date date,
    vendor_response text CHECK (vendor_response IS NULL OR length(vendor_response) <= 10000),
    vendor_responded_at timestamptz,
    created_by uuid REFERENCES users(id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    closed_at timestamptz,
    CHECK ((status = 'closed') = (closed_at IS NOT NULL))
  )`,
  sql`CREATE INDEX findings_status_due_idx ON findings (status, due_date)`,
  sql`CREATE INDEX findings_supplier_idx ON findings (supplier_id, created_at DESC)`,
  sql`CREATE INDEX findings_assessment_idx ON findings (assessment_id) WHERE assessment_id IS NOT NULL`,
  sql`CREATE INDEX findings_component_idx ON findings (ai_component_id) WHERE ai_component_id IS NOT NULL`,
  sql`CREATE INDEX findings_owner_idx ON findings (owner_id, status)`,

  // A finding's history: every change, response and upload, never changed afterwards.
  sql`CREATE TABLE finding_events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    finding_id uuid NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
    kind text NOT NULL CHECK (kind IN ('created','edited','status','vendor_response','evidence','risk_accepted','acceptance_expired','comment')),
    from_status text,
    to_status text,
    note text CHECK (note IS NULL OR length(note) <= 10000),
    actor_type text NOT NULL CHECK (actor_type IN ('user','vendor','system','cli')),
    actor_id uuid,
    actor_label text NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
  )`,
  sql`CREATE INDEX finding_events_finding_idx ON finding_events (finding_id, id)`,

  sql`CREATE TABLE finding_evidence (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    finding_id uuid NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
    file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
    content_type text NOT NULL CHECK (length(content_type) BETWEEN 3 AND 200),
    size_bytes integer NOT NULL CHECK (size_bytes >= 0),
    sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    bytes bytea NOT NULL,
    uploaded_by_grant_id uuid REFERENCES access_grants(id) ON DELETE SET NULL,
    uploaded_by_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (octet_length(bytes) = size_bytes)
  )`,
  sql`CREATE INDEX finding_evidence_finding_idx ON finding_evidence (finding_id, created_at)`,

  // Accepting a finding, or a component's whole residual risk, until an expiry date.
  sql`CREATE TABLE risk_acceptances (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    finding_id uuid REFERENCES findings(id) ON DELETE CASCADE,
    ai_component_id uuid REFERENCES ai_components(id),
    ai_system_id uuid REFERENCES ai_systems(id) ON DELETE SET NULL,
    residual_risk text CHECK (residual_risk IN ('low','medium','high','critical')),
    rationale text NOT NULL CHECK (length(rationale) BETWEEN 1 AND 10000),
    approver_id uuid NOT NULL REFERENCES users(id),
    expires_on date NOT NULL,
    created_by uuid REFERENCES users(id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz,
    expired_at timestamptz,
    CHECK (finding_id IS NOT NULL OR ai_component_id IS NOT NULL)
  )`,
  sql`CREATE INDEX risk_acceptances_finding_idx ON risk_acceptances (finding_id) WHERE finding_id IS NOT NULL`,
  sql`CREATE INDEX risk_acceptances_component_idx ON risk_acceptances (ai_component_id) WHERE ai_component_id IS NOT NULL`,
  sql`CREATE INDEX risk_acceptances_expiry_idx ON risk_acceptances (expires_on) WHERE revoked_at IS NULL AND expired_at IS NULL`,
];

export async function migrateUp(db: Kysely<any>): Promise<void> {
  for (const statement of up) await statement.execute(db);
}

export async function migrateDown(db: Kysely<any>): Promise<void> {
  for (const table of ["risk_acceptances", "finding_evidence", "finding_events", "findings", "clarification_requests", "answer_comments"]) {
    await sql`DROP TABLE IF EXISTS ${sql.raw(table)}`.execute(db);
  }
  await sql`ALTER TABLE evidence DROP COLUMN IF EXISTS carried_from_id`.execute(db);
  await sql`ALTER TABLE answers DROP COLUMN IF EXISTS prefilled`.execute(db);
  await sql`ALTER TABLE assessments ADD COLUMN reviewer_id uuid REFERENCES users(id) ON DELETE SET NULL`.execute(db);
  await sql`UPDATE assessments a SET reviewer_id = (SELECT min(user_id::text)::uuid FROM assessment_reviewers r WHERE r.assessment_id = a.id)`.execute(db);
  await sql`DROP TABLE IF EXISTS assessment_reviewers`.execute(db);
  await sql`ALTER TABLE assessments DROP CONSTRAINT IF EXISTS assessments_decided_has_decision`.execute(db);
  await sql`ALTER TABLE assessments DROP CONSTRAINT IF EXISTS assessments_decision_complete`.execute(db);
  await sql`UPDATE assessments SET status = 'submitted' WHERE status IN ('in_review','changes_requested','resubmitted','decided','expired')`.execute(db);
  await sql`ALTER TABLE assessments DROP CONSTRAINT assessments_status_check`.execute(db);
  await sql`ALTER TABLE assessments ADD CONSTRAINT assessments_status_check CHECK (status IN ('sent','in_progress','submitted','closed'))`.execute(db);
  for (const column of [
    "previous_assessment_id",
    "expired_at",
    "valid_until",
    "decided_at",
    "decided_by",
    "decision_rationale",
    "decision",
    "changes_requested_at",
    "review_started_at",
    "review_due_date",
  ]) {
    await sql`ALTER TABLE assessments DROP COLUMN IF EXISTS ${sql.raw(column)}`.execute(db);
  }
}

export default { up: migrateUp, down: migrateDown };
