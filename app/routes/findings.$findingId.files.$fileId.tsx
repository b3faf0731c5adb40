// Staff download a finding's remediation evidence; each download is audited. The file must belong
// to the finding in the URL: anything else is a 404, like a file that does not exist.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/http/errors.server";
import { requireUserWithPermission } from "~/http/guard.server";
import { userActor } from "~/services/audit.server";
import { downloadHeaders } from "~/services/evidence.server";
import { downloadFindingFileForStaff } from "~/services/finding-responses.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "assessment:read");
  const file = await downloadFindingFileForStaff(context.app, userActor(user), params.findingId, params.fileId);
  if (!file) throw notFound();
  return new Response(new Uint8Array(file.bytes), { status: 200, headers: downloadHeaders(file) });
}
