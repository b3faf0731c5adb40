// Every REST API operation, in the order the OpenAPI document lists them. Each resource keeps its
// operations in app/http/api/operations/<resource>.server.ts as an exported array; add one import
// and one spread line here per resource.
import type { ApiOperation } from "./operation";
import { ASSESSMENT_OPERATIONS } from "./operations/assessments.server";
import { auditEventOperations } from "./operations/audit-events.server";
import { CHANGE_NOTICE_OPERATIONS } from "./operations/change-notices.server";
import { componentOperations } from "./operations/components.server";
import { DEADLINE_OPERATIONS } from "./operations/deadlines.server";
import { FINDING_OPERATIONS } from "./operations/findings.server";
import { supplierContactOperations } from "./operations/supplier-contacts.server";
import { supplierOperations } from "./operations/suppliers.server";
import { systemOperations } from "./operations/systems.server";
import { TEMPLATE_OPERATIONS } from "./operations/templates.server";

export const API_OPERATIONS: ApiOperation[] = [
  ...supplierOperations,
  ...supplierContactOperations,
  ...componentOperations,
  ...systemOperations,
  ...TEMPLATE_OPERATIONS,
  ...ASSESSMENT_OPERATIONS,
  ...FINDING_OPERATIONS,
  ...DEADLINE_OPERATIONS,
  ...CHANGE_NOTICE_OPERATIONS,
  ...auditEventOperations,
];
