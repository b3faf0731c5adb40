// A vendor downloads a file of their own questionnaire (from a section their grant covers).
// Always an attachment, with the type found by sniffing at upload, no MIME sniffing and a
// sandboxing policy: a file can never run as a page of ours. Anything else is a plain 404.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/http/errors.server";
import { downloadHeaders, getEvidenceForVendor } from "~/services/evidence.server";
import { requireVendorGrant } from "~/http/vendor-guard.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requireVendorGrant(request, context, params.assessmentId);
  const file = await getEvidenceForVendor(context.app.db, access.grant, access.assessment.id, params.evidenceId);
  if (!file) throw notFound();
  return new Response(new Uint8Array(file.bytes), { status: 200, headers: downloadHeaders(file) });
}
