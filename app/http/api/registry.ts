// Every REST API operation, in the order the OpenAPI document lists them. Each resource keeps its
// operations in app/http/api/operations/<resource>.server.ts as an exported array; add one import
// and one spread line here per resource.
import type { ApiOperation } from "./operation";
import { supplierOperations } from "./operations/suppliers.server";

export const API_OPERATIONS: ApiOperation[] = [...supplierOperations];
