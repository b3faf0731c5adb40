// A vendor downloads a remediation file of their own assessment's findings. Always an attachment,
// with the type found by sniffing at upload, no MIME sniffing and a sandboxing policy. Anything
// else (another assessment's file, a made-up id) is a plain 404.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/http/errors.server";
import { requireVendorGrant } from "~/http/vendor-guard.server";
import { downloadHeaders } from "~/services/evidence.server";
import { getFindingFileForVendor } from "~/services/finding-responses.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requireVendorGrant(request, context, params.assessmentId);
  const file = await getFindingFileForVendor(context.app.db, access.grant, access.assessment.id, params.fileId);
  if (!file) throw notFound();
  return new Response(new Uint8Array(file.bytes), { status: 200, headers: downloadHeaders(file) });
}
