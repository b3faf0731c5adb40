// GET /assessments/:id/scorecard.xlsx: the CSV's rows as an Excel workbook (staff only), streamed.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/http/errors.server";
import { requireUserWithPermission } from "~/http/guard.server";
import { scorecardXlsx, XLSX_CONTENT_TYPE } from "~/services/scores-xlsx.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, context, "assessment:read");
  const xlsx = await scorecardXlsx(context.app.db, params.assessmentId);
  if (!xlsx) throw notFound();
  return new Response(xlsx.stream, {
    headers: {
      "Content-Type": XLSX_CONTENT_TYPE,
      "Content-Disposition": `attachment; filename="${xlsx.fileName}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
