import type { Migration, MigrationProvider } from "kysely";
import foundation from "./0001_foundation";
import csvImports from "./0002_csv_imports";
import templates from "./0003_templates";
import assessments from "./0004_assessments";
import auditHead from "./0005_audit_head";
import mailRetry from "./0006_mail_retry";
import csvImportBatches from "./0007_csv_import_batches";
import scores from "./0008_scores";
import reviews from "./0009_reviews";
import deadlines from "./0010_deadlines";
import organisationProfile from "./0011_organisation_profile";
import answerPrefillSource from "./0012_answer_prefill_source";
import apiTokens from "./0013_api_tokens";
import webhooks from "./0014_webhooks";
import modelDocumentPrefill from "./0015_model_document_prefill";
import graph from "./0017_graph";
import modelDocumentStaff from "./0018_model_document_staff";
import portfolioVersion from "./0019_portfolio_version";
import scaleIndexes from "./0020_scale_indexes";

// Listed statically so migrations work the same from tsx, vitest and the Remix bundle.
const migrations: Record<string, Migration> = {
  "0001_foundation": foundation,
  "0002_csv_imports": csvImports,
  "0003_templates": templates,
  "0004_assessments": assessments,
  "0005_audit_head": auditHead,
  "0006_mail_retry": mailRetry,
  "0007_csv_import_batches": csvImportBatches,
  "0008_scores": scores,
  "0009_reviews": reviews,
  "0010_deadlines": deadlines,
  "0011_organisation_profile": organisationProfile,
  "0012_answer_prefill_source": answerPrefillSource,
  "0013_api_tokens": apiTokens,
  "0014_webhooks": webhooks,
  "0015_model_document_prefill": modelDocumentPrefill,
  "0017_graph": graph,
  "0018_model_document_staff": modelDocumentStaff,
  "0019_portfolio_version": portfolioVersion,
  "0020_scale_indexes": scaleIndexes,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
