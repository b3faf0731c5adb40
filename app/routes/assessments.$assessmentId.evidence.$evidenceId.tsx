// Staff download a vendor's evidence file; each download is audited. The file must belong to the
// assessment in the URL: another assessment's file is a 404, like one that does not exist.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/http/errors.server";
import { userActor } from "~/services/audit.server";
import { downloadHeaders, downloadEvidenceForStaff } from "~/services/evidence.server";
import { requireUserWithPermission } from "~/http/guard.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "assessment:read");
  const file = await downloadEvidenceForStaff(context.app, userActor(user), params.assessmentId, params.evidenceId);
  if (!file) throw notFound();
  return new Response(new Uint8Array(file.bytes), { status: 200, headers: downloadHeaders(file) });
}
