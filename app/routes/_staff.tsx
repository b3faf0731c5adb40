import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData, useLocation, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { ErrorMessage } from "~/components/error-message";
import { StaffShell } from "~/components/staff-shell";
import { requireStaffUser } from "~/http/guard.server";
import { staffLayoutData } from "~/http/staff-layout.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  return staffLayoutData(await requireStaffUser(request, context), context);
}

export default function StaffLayout() {
  const { user, nav, mailAlert } = useLoaderData<typeof loader>();
  return (
    <StaffShell user={user} nav={nav} mailAlert={mailAlert}>
      <Outlet />
    </StaffShell>
  );
}

/**
 * A 403, 404 or 500 inside the staff area keeps the header and navigation around the message, and
 * says what the person's role may do, who may do what was refused, and the way back.
 * If this layout's own loader failed there is no user to show, so the message stands alone.
 */
export function ErrorBoundary() {
  const error = useRouteError();
  const { pathname } = useLocation();
  const layout = useRouteLoaderData<typeof loader>("routes/_staff");
  if (!layout) {
    return (
      <main id="main" className="error-page">
        <ErrorMessage error={error} />
      </main>
    );
  }
  return (
    <StaffShell user={layout.user} nav={layout.nav} mailAlert={layout.mailAlert}>
      <div className="error-page error-page--in-shell">
        <ErrorMessage error={error} context={{ pathname, role: layout.user.role, nav: layout.nav }} />
      </div>
    </StaffShell>
  );
}
