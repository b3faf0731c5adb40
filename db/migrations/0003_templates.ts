import { sql, type Kysely } from "kysely";

// Questionnaire templates and their versions. A version is a draft until published; from then on
// its definition is frozen (assessments pin it), and the database itself refuses to change it.
const up = [
  sql`CREATE TABLE questionnaire_templates (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    description text CHECK (description IS NULL OR length(description) <= 2000),
    is_builtin boolean NOT NULL DEFAULT false,
    created_by uuid REFERENCES users(id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    archived_at timestamptz
  )`,
  sql`CREATE UNIQUE INDEX questionnaire_templates_name_key ON questionnaire_templates (lower(name)) WHERE archived_at IS NULL`,

  sql`CREATE TABLE template_versions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    template_id uuid NOT NULL REFERENCES questionnaire_templates(id),
    version integer NOT NULL CHECK (version >= 1),
    status text NOT NULL CHECK (status IN ('draft','published','retired')),
    definition jsonb NOT NULL CHECK (jsonb_typeof(definition) = 'object'),
    checksum text CHECK (checksum IS NULL OR checksum ~ '^[0-9a-f]{64}$'),
    based_on_version_id uuid REFERENCES template_versions(id),
    created_by uuid REFERENCES users(id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz,
    published_by uuid REFERENCES users(id) ON DELETE SET NULL,
    retired_at timestamptz,
    CHECK ((status = 'draft') = (checksum IS NULL)),
    CHECK ((status = 'draft') = (published_at IS NULL)),
    CHECK ((status = 'retired') = (retired_at IS NOT NULL))
  )`,
  sql`CREATE UNIQUE INDEX template_versions_version_key ON template_versions (template_id, version)`,
  sql`CREATE UNIQUE INDEX template_versions_one_draft ON template_versions (template_id) WHERE status = 'draft'`,
  sql`CREATE INDEX template_versions_based_on_idx ON template_versions (based_on_version_id)`,

  // Published and retired versions are immutable; status moves only draft -> published -> retired;
  // only drafts may be deleted. Whoever writes the SQL, this holds.
  sql`CREATE FUNCTION template_versions_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        IF OLD.status <> 'draft' THEN
          RAISE EXCEPTION 'template version % is %: only drafts can be deleted', OLD.id, OLD.status USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
      END IF;
      IF NEW.template_id IS DISTINCT FROM OLD.template_id OR NEW.version IS DISTINCT FROM OLD.version THEN
        RAISE EXCEPTION 'template version %: template and version number never change', OLD.id USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      IF OLD.status <> 'draft' AND (
        NEW.definition IS DISTINCT FROM OLD.definition OR NEW.checksum IS DISTINCT FROM OLD.checksum
        OR NEW.based_on_version_id IS DISTINCT FROM OLD.based_on_version_id OR NEW.published_at IS DISTINCT FROM OLD.published_at
      ) THEN
        RAISE EXCEPTION 'template version % is %: a published version is immutable', OLD.id, OLD.status USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      IF NEW.status IS DISTINCT FROM OLD.status AND NOT (
        (OLD.status = 'draft' AND NEW.status = 'published') OR (OLD.status = 'published' AND NEW.status = 'retired')
      ) THEN
        RAISE EXCEPTION 'template version %: % -> % is not allowed (draft -> published -> retired)', OLD.id, OLD.status, NEW.status USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      RETURN NEW;
    END
  $$`,
  sql`CREATE TRIGGER template_versions_immutable BEFORE UPDATE OR DELETE ON template_versions
    FOR EACH ROW EXECUTE FUNCTION template_versions_guard()`,
];

export async function migrateUp(db: Kysely<any>): Promise<void> {
  for (const statement of up) await statement.execute(db);
}

export async function migrateDown(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS template_versions`.execute(db);
  await sql`DROP TABLE IF EXISTS questionnaire_templates`.execute(db);
  await sql`DROP FUNCTION IF EXISTS template_versions_guard()`.execute(db);
}

export default { up: migrateUp, down: migrateDown };
