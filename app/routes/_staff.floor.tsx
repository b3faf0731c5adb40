// The framework floor: a page that does nothing but what every staff page does (the session guard,
// the root and staff layouts, React rendering, compression). `npm run bench` measures it beside
// /healthz and reports every page's latency as a multiple of this one. Harmless for any signed-in user.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { requireStaffUser } from "~/http/guard.server";

export const meta: MetaFunction = () => [{ title: "Floor · Assay" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaffUser(request, context);
  return null;
}

export default function Floor() {
  return <p>The framework floor: this page renders only the staff layout and this line.</p>;
}
