// GET /inventory/csv/export/<kind>.csv: the live (not archived) inventory of one kind as CSV,
// streamed page by page so a large inventory never sits in memory as one query result.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportFileName, kindFromExportSegment } from "~/domain/inventory-import/kinds";
import { requireUserWithPermission } from "~/http/guard.server";
import { exportCsvStream } from "~/services/inventory-export.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, context, "inventory:read");
  const kind = kindFromExportSegment(params.kind);
  if (!kind) throw new Response("There is no such export. Try suppliers.csv, contacts.csv, components.csv, systems.csv or dependencies.csv.", { status: 404 });
  return new Response(exportCsvStream(context.app.db, kind), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${exportFileName(kind)}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
