import { sql, type Kysely } from "kysely";

// Scores: the methodology versions (each admin change is a new row, the newest is current), one
// stored score per computation of an assessment (the full result with its explanation, the inputs
// it was computed from, their hash and the versions used, so it can be recomputed exactly), one
// row per component rating of that score (for "latest rating of a component" and list sorting),
// and the "rescore all" runs with their progress.
const up = [
  sql`CREATE TABLE methodologies (
    version integer PRIMARY KEY CHECK (version > 0),
    definition jsonb NOT NULL,
    created_by uuid REFERENCES users(id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((definition->>'version')::integer = version)
  )`,

  // One row per computation (submit, on demand, rescore). Vendor-level numbers are columns;
  // supplier-level and per-component ratings live in result (and per component in score_components).
  sql`CREATE TABLE scores (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    assessment_id uuid NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    supplier_id uuid NOT NULL REFERENCES suppliers(id),
    methodology_version integer NOT NULL REFERENCES methodologies(version),
    template_version_id uuid NOT NULL REFERENCES template_versions(id),
    reason text NOT NULL CHECK (reason IN ('submit','on_demand','rescore')),
    scoring_date date NOT NULL,
    input_hash text NOT NULL CHECK (input_hash ~ '^[0-9a-f]{64}$'),
    overall double precision CHECK (overall IS NULL OR (overall >= 0 AND overall <= 100)),
    grade text CHECK (grade IN ('A','B','C','D','E')),
    confidence double precision CHECK (confidence IS NULL OR (confidence >= 0 AND confidence <= 1)),
    flag_count integer NOT NULL DEFAULT 0 CHECK (flag_count >= 0),
    inputs jsonb NOT NULL,
    result jsonb NOT NULL,
    computed_at timestamptz NOT NULL DEFAULT now()
  )`,
  sql`CREATE INDEX scores_assessment_latest_idx ON scores (assessment_id, computed_at DESC, id DESC)`,
  sql`CREATE INDEX scores_supplier_latest_idx ON scores (supplier_id, computed_at DESC)`,
  sql`CREATE INDEX scores_methodology_idx ON scores (methodology_version)`,

  sql`CREATE TABLE score_components (
    score_id uuid NOT NULL REFERENCES scores(id) ON DELETE CASCADE,
    assessment_id uuid NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    ai_component_id uuid NOT NULL REFERENCES ai_components(id),
    overall double precision CHECK (overall IS NULL OR (overall >= 0 AND overall <= 100)),
    grade text CHECK (grade IN ('A','B','C','D','E')),
    flag_count integer NOT NULL DEFAULT 0 CHECK (flag_count >= 0),
    computed_at timestamptz NOT NULL,
    PRIMARY KEY (score_id, ai_component_id)
  )`,
  sql`CREATE INDEX score_components_latest_idx ON score_components (ai_component_id, computed_at DESC)`,
  sql`CREATE INDEX score_components_grade_idx ON score_components (grade, computed_at DESC)`,

  sql`CREATE TABLE rescore_runs (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    methodology_version integer NOT NULL REFERENCES methodologies(version),
    started_by uuid REFERENCES users(id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    total integer NOT NULL CHECK (total >= 0),
    done integer NOT NULL DEFAULT 0 CHECK (done >= 0),
    failed integer NOT NULL DEFAULT 0 CHECK (failed >= 0),
    last_assessment_id uuid,
    finished_at timestamptz,
    stopped_reason text,
    CHECK (done + failed <= total)
  )`,
  sql`CREATE INDEX rescore_runs_created_idx ON rescore_runs (created_at DESC)`,
];

export async function migrateUp(db: Kysely<any>): Promise<void> {
  for (const statement of up) await statement.execute(db);
}

export async function migrateDown(db: Kysely<any>): Promise<void> {
  for (const table of ["rescore_runs", "score_components", "scores", "methodologies"]) {
    await sql`DROP TABLE IF EXISTS ${sql.raw(table)}`.execute(db);
  }
}

export default { up: migrateUp, down: migrateDown };
