import { Button, Text } from "@react-email/components";
import { buttonStyle, EmailLayout, paragraphStyle } from "./layout";

export interface ReviewRequestedEmailProps {
  recipientName: string;
  /** Why now: the vendor submitted, resubmitted after changes, or someone assigned the recipient. */
  kind: "submitted" | "resubmitted" | "assigned";
  supplierName: string;
  templateName: string;
  /** Why this person: "You are a reviewer", "You own Credit model v3, which depends on Vision API"… */
  reasons: string[];
  /** Who assigned the recipient (kind "assigned"). */
  assignedByName?: string | null;
  /** "14 Mar 2027", or null when none is set. */
  reviewDueDate: string | null;
  url: string;
}

export const reviewRequestedSubject = (p: ReviewRequestedEmailProps) =>
  p.kind === "assigned"
    ? `You are a reviewer of ${p.supplierName}'s questionnaire “${p.templateName}”`
    : `Review requested: ${p.supplierName} ${p.kind === "resubmitted" ? "resubmitted" : "submitted"} “${p.templateName}”`;

export function ReviewRequestedEmail(p: ReviewRequestedEmailProps) {
  const what =
    p.kind === "assigned"
      ? `${p.assignedByName ?? "Someone"} assigned you to review ${p.supplierName}'s answers to “${p.templateName}”.`
      : p.kind === "resubmitted"
        ? `${p.supplierName} answered the clarification requests and resubmitted “${p.templateName}”: the reopened answers are ready for review.`
        : `${p.supplierName} submitted its answers to “${p.templateName}”: they are ready for review.`;
  return (
    <EmailLayout preview={what}>
      <Text style={paragraphStyle}>Hello {p.recipientName},</Text>
      <Text style={paragraphStyle}>{what}</Text>
      {p.reasons.length ? <Text style={paragraphStyle}>Why you: {p.reasons.join("; ")}.</Text> : null}
      <Text style={paragraphStyle}>{p.reviewDueDate ? `The review is due on ${p.reviewDueDate}.` : "No review due date is set yet."}</Text>
      <Button href={p.url} style={buttonStyle}>
        Open the assessment
      </Button>
      <Text style={paragraphStyle}>Or paste this address into your browser: {p.url}</Text>
    </EmailLayout>
  );
}
