// Transition shim, to be removed by the lead after the merge: assessments.server.ts was split into
// assessment-issue.server.ts, assessment-queries.server.ts and assessment-lifecycle.server.ts, and
// OPEN_STATUSES lives in app/domain/assessment-lifecycle.ts. These re-exports keep the callers that
// other branches still have (answers, evidence, vendor routes, some tests, scripts) compiling.
export { OPEN_STATUSES } from "../domain/assessment-lifecycle";
export { issueAssessment } from "./assessment-issue.server";
export { markStarted, reopenAssessment, submitAssessment } from "./assessment-lifecycle.server";
export { assessmentComponents, getVendorOverview } from "./assessment-queries.server";
