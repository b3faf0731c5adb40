// The assessment-side API operations without a server: cursors round-trip and tampered ones are
// refused naming `cursor`; `next` links keep the filters; the issue body names each bad field;
// reads need the read scope and everything else the write scope.
import fc from "fast-check";
import { AppError } from "../../app/domain/errors";
import { ASSESSMENT_OPERATIONS, issueAssessmentOp, listAssessmentsOp } from "../../app/http/api/operations/assessments.server";
import { nextLink } from "../../app/http/api/operations/assess-common";
import { CHANGE_NOTICE_OPERATIONS } from "../../app/http/api/operations/change-notices.server";
import { DEADLINE_OPERATIONS } from "../../app/http/api/operations/deadlines.server";
import { FINDING_OPERATIONS } from "../../app/http/api/operations/findings.server";
import { TEMPLATE_OPERATIONS } from "../../app/http/api/operations/templates.server";
import { decodeCursor, encodeCursor } from "../../app/services/api-assessment-queries.server";

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return null;
};

describe("API cursors", () => {
  it("decode what they encode", () => {
    fc.assert(
      fc.property(fc.tuple(fc.string({ maxLength: 200 }), fc.uuid()), (key) => {
        expect(decodeCursor(encodeCursor(key), ["string", "string"])).toEqual(key);
      }),
    );
    fc.assert(
      fc.property(fc.tuple(fc.integer(), fc.integer(), fc.string({ maxLength: 50 }), fc.uuid()), (key) => {
        expect(decodeCursor(encodeCursor(key), ["number", "number", "string", "string"])).toEqual(key);
      }),
    );
  });

  it("refuse anything else as an invalid `cursor` query parameter", () => {
    for (const bad of ["%%%", "bm90LWpzb24", encodeCursor(["a"]), encodeCursor([1, "x"]), encodeCursor(["a", "b", "c"])]) {
      const error = refusal(() => decodeCursor(bad, ["string", "string"]));
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).fields).toHaveProperty("cursor");
      expect((error as AppError).details).toMatchObject({ place: "query" });
    }
    expect(decodeCursor(undefined, ["string", "string"])).toBeNull();
  });

  it("`next` keeps the request's filters and replaces the cursor", () => {
    const next = nextLink("https://assay.example/api/v1/assessments?status=open&cursor=old&limit=5", "new");
    const url = new URL(next!);
    expect(url.searchParams.get("status")).toBe("open");
    expect(url.searchParams.get("limit")).toBe("5");
    expect(url.searchParams.getAll("cursor")).toEqual(["new"]);
    expect(nextLink("https://assay.example/api/v1/assessments", null)).toBeNull();
  });
});

describe("API operation schemas", () => {
  it("the issue body names each wrong field with the form's words", () => {
    const result = issueAssessmentOp.body!.safeParse({
      supplierId: "x",
      templateVersionId: crypto.randomUUID(),
      contactIds: [],
      dueDate: "31/03/2027",
      extra: 1,
    });
    expect(result.success).toBe(false);
    const byPath = Object.fromEntries(result.error!.issues.map((i) => [i.path.join(".") || i.code, i.message]));
    expect(byPath.supplierId).toBe("Choose a supplier");
    expect(byPath.contactIds).toBe("Choose at least one contact to send the questionnaire to");
    expect(byPath.dueDate).toBe("A date like 2027-03-31");
    expect(result.error!.issues.some((i) => i.code === "unrecognized_keys")).toBe(true);
  });

  it("list filters are strict: an unknown parameter or a bad value is refused, the defaults apply", () => {
    const q = listAssessmentsOp.query!;
    expect(q.safeParse({ colour: "red" }).success).toBe(false);
    expect(q.safeParse({ status: "finished" }).success).toBe(false);
    expect(q.safeParse({ limit: "500" }).success).toBe(false);
    expect(q.parse({ overdue: "true" })).toMatchObject({ overdue: true, limit: 50 });
  });

  it("reads need the read scope, changes the write scope, and creates are POSTs", () => {
    const all = [...TEMPLATE_OPERATIONS, ...ASSESSMENT_OPERATIONS, ...FINDING_OPERATIONS, ...DEADLINE_OPERATIONS, ...CHANGE_NOTICE_OPERATIONS];
    for (const op of all) {
      expect(`${op.operationId} ${op.scope}`).toBe(`${op.operationId} ${op.method === "GET" ? "read" : "write"}`);
      if (op.creates) expect(op.method).toBe("POST");
    }
    expect(new Set(all.map((op) => op.operationId)).size).toBe(all.length);
  });
});
