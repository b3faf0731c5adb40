// GET /assessments/:id/scorecard.pdf: the scorecard as a PDF (staff only); its SHA-256 goes into the audit trail.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/http/errors.server";
import { requireUserWithPermission } from "~/http/guard.server";
import { userActor } from "~/services/audit.server";
import { scorecardPdf } from "~/services/scores-pdf.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "assessment:read");
  const pdf = await scorecardPdf(context.app, userActor(user), params.assessmentId);
  if (!pdf) throw notFound();
  return new Response(pdf.bytes, {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${pdf.fileName}"`,
      "Content-Length": String(pdf.bytes.length),
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      "X-Content-SHA256": pdf.sha256,
    },
  });
}
