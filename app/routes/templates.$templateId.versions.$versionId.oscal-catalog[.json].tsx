// GET /templates/:templateId/versions/:versionId/oscal-catalog.json: one version's questions as an
// OSCAL 1.0.4 catalog (docs/decisions/0026). Anyone on staff may read templates, so anyone may export them.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/http/errors.server";
import { requireUserWithPermission } from "~/http/guard.server";
import { oscalCatalog } from "~/services/oscal-export.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, context, "template:read");
  const download = await oscalCatalog(context.app.db, params.templateId, params.versionId);
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
