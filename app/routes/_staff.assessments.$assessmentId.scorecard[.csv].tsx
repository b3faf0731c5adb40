// GET /assessments/:id/scorecard.csv: every answer of every rating with its points and contribution (staff only).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/http/errors.server";
import { requireUserWithPermission } from "~/http/guard.server";
import { scorecardCsv } from "~/services/scores-csv.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, context, "assessment:read");
  const csv = await scorecardCsv(context.app.db, params.assessmentId);
  if (!csv) throw notFound();
  return new Response(csv.csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${csv.fileName}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
