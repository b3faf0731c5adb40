// GET /assessments/:id/oscal.json: the scored assessment as an OSCAL 1.0.4 assessment-results
// document for a GRC tool (staff only; docs/decisions/0026). 404 when unknown or not scored yet.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/http/errors.server";
import { requireUserWithPermission } from "~/http/guard.server";
import { oscalAssessmentResults } from "~/services/oscal-export.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, context, "assessment:read");
  const download = await oscalAssessmentResults(context.app, params.assessmentId);
  if (!download) throw notFound();
  return new Response(`${JSON.stringify(download.document, null, 2)}\n`, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${download.fileName}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
