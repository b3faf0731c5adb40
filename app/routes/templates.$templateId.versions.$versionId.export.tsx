// GET /templates/:templateId/versions/:versionId/export: one version as the JSON another Assay
// (or this one) imports. Anyone on staff may read templates, so anyone may export them.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/http/errors.server";
import { requireUserWithPermission } from "~/http/guard.server";
import { exportTemplateVersion, getTemplateVersion } from "~/services/template-queries.server";

function slug(name: string): string {
  const s = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/, "");
  return s || "template";
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, context, "template:read");
  const version = await getTemplateVersion(context.app.db, params.versionId);
  if (!version || version.template_id !== params.templateId) throw notFound();
  const envelope = await exportTemplateVersion(context.app.db, version.id);
  if (!envelope) throw notFound();
  return new Response(`${JSON.stringify(envelope, null, 2)}\n`, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${slug(version.template_name)}-v${version.version}.json"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
