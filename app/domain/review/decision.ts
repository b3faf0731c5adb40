// The decision that ends a review, and how long it holds.
export const DECISIONS = ["approved", "approved_with_conditions", "rejected"] as const;
export type Decision = (typeof DECISIONS)[number];
export const DECISION_LABELS: Record<Decision, string> = {
  approved: "Approved",
  approved_with_conditions: "Approved with conditions",
  rejected: "Rejected",
};
