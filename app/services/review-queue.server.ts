// The review queue (/reviews): submitted assessments waiting for a decision, as four views —
// mine (I am a reviewer), unassigned (nobody is), overdue (the review is past its due date while
// the answers are with us) and all — paginated, the most urgent review first.
import { sql, type Kysely } from "kysely";
import * as z from "zod";
import type { Database } from "../../db/schema";
import { isWithBuyer, UNDER_REVIEW_STATUSES, WITH_BUYER_STATUSES, type AssessmentStatus } from "../domain/assessment-lifecycle";
import { calendarDate, today as todayOf, type CalendarDate } from "../domain/calendar";
import { pageInfo, PAGE_SIZE } from "../domain/list-query";
import type { Principal } from "../domain/permissions";
import { reviewDueWords, type DueWords } from "../domain/review/review-dates";
import type { Grade } from "../domain/templates/definition";
import { cachedForVersion, readVersion } from "./versioned-cache.server";

export const REVIEW_TABS = ["mine", "unassigned", "overdue", "all"] as const;
export type ReviewTab = (typeof REVIEW_TABS)[number];

export const reviewQueueQuery = z.object({
  tab: z.enum(REVIEW_TABS).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});
export type ReviewQueueQuery = z.output<typeof reviewQueueQuery>;

export interface ReviewQueueRow {
  id: string;
  supplierId: string;
  supplierName: string;
  templateName: string;
  version: number;
  status: AssessmentStatus;
  submittedAt: Date | null;
  reviewDueDate: string | null;
  /** The due date in words while the answers are with us (not while the vendor is making changes). */
  due: DueWords | null;
  reviewers: Array<{ id: string; name: string }>;
  grade: Grade | null;
}

function filtered(db: Kysely<Database>, tab: ReviewTab, viewerId: string, today: CalendarDate) {
  let q = db.selectFrom("assessments as a").where("a.status", "in", UNDER_REVIEW_STATUSES);
  if (tab === "mine") {
    q = q.where((eb) =>
      eb.exists(eb.selectFrom("assessment_reviewers as r").select("r.user_id").whereRef("r.assessment_id", "=", "a.id").where("r.user_id", "=", viewerId)),
    );
  } else if (tab === "unassigned") {
    q = q.where((eb) => eb.not(eb.exists(eb.selectFrom("assessment_reviewers as r").select("r.user_id").whereRef("r.assessment_id", "=", "a.id"))));
  } else if (tab === "overdue") {
    q = q.where("a.status", "in", WITH_BUYER_STATUSES).where("a.review_due_date", "<", today);
  }
  return q;
}

/** The tab a user lands on: their own reviews when they review, else everything in review. */
export function defaultReviewTab(canReview: boolean): ReviewTab {
  return canReview ? "mine" : "all";
}

/**
 * The review queue's counts and page, cached per portfolio version (migration 0019: assignments,
 * statuses, review due dates and scores move it), viewer, tab, page and day.
 */
export async function listReviewQueue(db: Kysely<Database>, viewer: Principal, query: { tab: ReviewTab; page: number }, now = new Date()) {
  const today = todayOf(now);
  const version = await readVersion(db, "portfolio_version");
  return cachedForVersion(db, "portfolio_version", version, `review-queue:${viewer.id}:${query.tab}:${query.page}:${today}`, () =>
    readReviewQueue(db, viewer, query, today),
  );
}

async function readReviewQueue(db: Kysely<Database>, viewer: Principal, query: { tab: ReviewTab; page: number }, today: CalendarDate) {
  const counts = Object.fromEntries(
    await Promise.all(
      REVIEW_TABS.map(
        async (tab) =>
          [
            tab,
            Number(
              (
                await filtered(db, tab, viewer.id, today)
                  .select((eb) => eb.fn.countAll<string>().as("n"))
                  .executeTakeFirstOrThrow()
              ).n,
            ),
          ] as const,
      ),
    ),
  ) as Record<ReviewTab, number>;
  const total = counts[query.tab];
  const info = pageInfo(total, query.page);
  const rows = await filtered(db, query.tab, viewer.id, today)
    .innerJoin("suppliers as s", "s.id", "a.supplier_id")
    .innerJoin("template_versions as v", "v.id", "a.template_version_id")
    .innerJoin("questionnaire_templates as t", "t.id", "v.template_id")
    .select((eb) => [
      "a.id",
      "a.status",
      "a.submitted_at",
      "a.review_due_date",
      "a.supplier_id",
      "s.name as supplier_name",
      "t.name as template_name",
      "v.version",
      eb
        .selectFrom("scores as sc")
        .select("sc.grade")
        .whereRef("sc.assessment_id", "=", "a.id")
        .orderBy("sc.computed_at", "desc")
        .orderBy("sc.id", "desc")
        .limit(1)
        .as("grade"),
    ])
    // Most urgent first: reviews with the buyer before those back with the vendor, then by due date.
    .orderBy(sql`CASE WHEN a.status = 'changes_requested' THEN 1 ELSE 0 END`)
    .orderBy(sql`a.review_due_date ASC NULLS LAST`)
    .orderBy("a.submitted_at")
    .orderBy("a.id")
    .limit(PAGE_SIZE)
    .offset((info.page - 1) * PAGE_SIZE)
    .execute();
  const ids = rows.map((r) => r.id);
  const reviewers = ids.length
    ? await db
        .selectFrom("assessment_reviewers as r")
        .innerJoin("users as u", "u.id", "r.user_id")
        .select(["r.assessment_id", "u.id", "u.name"])
        .where("r.assessment_id", "in", ids)
        .orderBy(sql`lower(u.name)`)
        .execute()
    : [];
  const result: ReviewQueueRow[] = rows.map((r) => ({
    id: r.id,
    supplierId: r.supplier_id,
    supplierName: r.supplier_name,
    templateName: r.template_name,
    version: r.version,
    status: r.status,
    submittedAt: r.submitted_at,
    reviewDueDate: r.review_due_date,
    due: r.review_due_date && isWithBuyer(r.status) ? reviewDueWords(calendarDate(r.review_due_date), today) : null,
    reviewers: reviewers.filter((x) => x.assessment_id === r.id).map((x) => ({ id: x.id, name: x.name })),
    grade: (r.grade as Grade | null) ?? null,
  }));
  return { tab: query.tab, page: info.page, total, counts, rows: result, today };
}
