// GET /deadlines.csv: the /deadlines table as CSV (every row, the same filters as the page).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { deadlineFilters, deadlineQuery } from "~/domain/deadlines/query";
import { readListQuery } from "~/domain/list-query";
import { today } from "~/domain/calendar";
import { requireUserWithPermission } from "~/http/guard.server";
import { deadlinesCsv } from "~/services/deadlines.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, context, "dashboard:read");
  const query = readListQuery(new URL(request.url), deadlineQuery);
  const csv = await deadlinesCsv(context.app.db, deadlineFilters(query, user.id));
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="deadlines-${query.group}-${today()}.csv"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
