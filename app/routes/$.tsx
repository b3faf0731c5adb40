// Any address no other route answers. A signed-in staff member gets the 404 inside the staff
// header and navigation, with a way back; anyone else (a vendor, a visitor) a plain 404.
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData, useLocation } from "@remix-run/react";
import { NotFoundMessage } from "~/components/error-message";
import { StaffShell } from "~/components/staff-shell";
import { notFound } from "~/http/errors.server";
import { getStaffUser } from "~/http/guard.server";
import { staffLayoutData } from "~/http/staff-layout.server";

export const meta: MetaFunction = () => [{ title: "Page not found · Assay" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getStaffUser(request, context);
  if (!user) throw notFound();
  return data(await staffLayoutData(user, context), { status: 404 });
}

export default function NoSuchPage() {
  const { user, nav, mailAlert } = useLoaderData<typeof loader>();
  const { pathname } = useLocation();
  return (
    <StaffShell user={user} nav={nav} mailAlert={mailAlert}>
      <div className="error-page error-page--in-shell">
        <NotFoundMessage context={{ pathname, role: user.role, nav }} />
      </div>
    </StaffShell>
  );
}
