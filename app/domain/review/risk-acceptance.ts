// Risk acceptance: a named approver accepts a finding, or the whole residual risk of a vendor
// component, with a rationale, until an expiry date. The rules, without a database:
// - the expiry date is required, a real day, and strictly after today (an acceptance always ends);
// - an acceptance is expired from its expiry day on (it holds up to the day before);
// - the approver is an admin, or a risk owner who owns one of the affected internal systems (the
//   systems that depend on the component at stake): `risk:accept` with `own` in app/domain/permissions.
import * as z from "zod";
import { parseCalendarDate, type CalendarDate } from "../calendar";
import { can, type Principal, type Role } from "../permissions";

export const RATIONALE_MAX = 10_000;
export const EXPIRY_REQUIRED_MESSAGE = "Enter the date this acceptance expires: every acceptance ends";
export const EXPIRY_FORMAT_MESSAGE = "Enter the expiry date as a real date, like 2027-03-31";
export const EXPIRY_PAST_MESSAGE = "The expiry date must be after today";

/** The form, over string inputs: shapes only; `validateAcceptance` adds what needs today and the approver. */
export const acceptanceFormSchema = z.object({
  rationale: z
    .string({ error: "Explain why the risk is accepted" })
    .trim()
    .min(1, "Explain why the risk is accepted")
    .max(RATIONALE_MAX, `Keep the rationale under ${RATIONALE_MAX.toLocaleString("en-GB")} characters`),
  approverId: z.string({ error: "Choose who approves the acceptance" }).pipe(z.uuid({ error: "Choose who approves the acceptance from the list" })),
  expiresOn: z
    .string({ error: EXPIRY_REQUIRED_MESSAGE })
    .trim()
    .min(1, EXPIRY_REQUIRED_MESSAGE)
    .refine((v) => v === "" || parseCalendarDate(v) !== null, EXPIRY_FORMAT_MESSAGE),
  /** A component's residual risk only: the one internal system it is accepted for (empty: all of them). */
  systemId: z
    .string()
    .trim()
    .optional()
    .refine((v) => !v || z.uuid().safeParse(v).success, "Choose a system from the list")
    .transform((v) => (v ? v : null)),
});
export type AcceptanceFormInput = z.output<typeof acceptanceFormSchema>;

/** The problem with an expiry date on `today`, or null. */
export function expiryProblem(value: string | null | undefined, today: CalendarDate): string | null {
  if (value === null || value === undefined || value.trim() === "") return EXPIRY_REQUIRED_MESSAGE;
  const date = parseCalendarDate(value.trim());
  if (!date) return EXPIRY_FORMAT_MESSAGE;
  if (date <= today) return EXPIRY_PAST_MESSAGE;
  return null;
}

/** Expired on and after its expiry day. */
export function isExpired(expiresOn: string, today: CalendarDate): boolean {
  return expiresOn <= today;
}

export interface AcceptanceState {
  expiresOn: string;
  revokedAt: Date | string | null;
  expiredAt: Date | string | null;
}

/** Neither revoked, nor marked expired by the sweep, nor past its expiry day. */
export function isActive(acceptance: AcceptanceState, today: CalendarDate): boolean {
  return acceptance.revokedAt === null && acceptance.expiredAt === null && !isExpired(acceptance.expiresOn, today);
}

/** Whether `person` may approve (or record, or revoke) accepting a risk that bears on systems owned by `affectedOwnerIds`. */
export function mayApprove(person: Principal, affectedOwnerIds: ReadonlyArray<string | null>): boolean {
  if (can(person, "risk:accept")) return true;
  return affectedOwnerIds.some((ownerId) => ownerId !== null && can(person, "risk:accept", { ownerId }));
}

export interface ApproverCandidate {
  id: string;
  name: string;
  role: Role;
  disabled: boolean;
}

/** Why `approver` may not approve, or null. `approver` null: not a user of ours. */
export function approverProblem(approver: ApproverCandidate | null, affectedOwnerIds: ReadonlyArray<string | null>): string | null {
  if (!approver) return "Choose who approves the acceptance from the list";
  if (approver.disabled) return `${approver.name} is disabled: choose someone else`;
  if (mayApprove(approver, affectedOwnerIds)) return null;
  return affectedOwnerIds.some((id) => id !== null)
    ? `${approver.name} is neither an admin nor the risk owner of an affected system: choose an admin or the owner of a system that depends on it`
    : `${approver.name} is not an admin, and no affected system has a risk owner: only an admin can approve this acceptance`;
}

export interface AcceptanceCheck {
  expiresOn: string;
  approver: ApproverCandidate | null;
  affectedOwnerIds: ReadonlyArray<string | null>;
}

/** Every problem of an acceptance, keyed by form field (empty when it may be recorded). */
export function validateAcceptance(input: AcceptanceCheck, today: CalendarDate): Record<string, string> {
  const problems: Record<string, string> = {};
  const expiry = expiryProblem(input.expiresOn, today);
  if (expiry) problems.expiresOn = expiry;
  const approver = approverProblem(input.approver, input.affectedOwnerIds);
  if (approver) problems.approverId = approver;
  return problems;
}
