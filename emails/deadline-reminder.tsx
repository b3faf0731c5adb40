import { Button, Text } from "@react-email/components";
import { buttonStyle, EmailLayout, paragraphStyle } from "./layout";

export interface DeadlineReminderEmailProps {
  recipientName: string;
  componentName: string;
  supplierName: string;
  dueDate: string;
  /** Days until the due date; negative when overdue. */
  daysLeft: number;
  /** Why the reassessment is due, in words (the first is the earliest). */
  reasons: string[];
  /** Why this person is told: "procurement owner of Acme", "owner of Claims triage". */
  because: string[];
  /** The component's page in Assay. */
  url: string;
}

const days = (n: number) => `${n} day${n === 1 ? "" : "s"}`;

export const deadlineReminderSubject = (p: DeadlineReminderEmailProps) =>
  p.daysLeft < 0
    ? `Overdue: reassess ${p.componentName} (${p.supplierName}), due ${p.dueDate}`
    : `Reassess ${p.componentName} (${p.supplierName}) by ${p.dueDate}: ${p.daysLeft === 0 ? "due today" : `${days(p.daysLeft)} left`}`;

export function DeadlineReminderEmail(p: DeadlineReminderEmailProps) {
  return (
    <EmailLayout preview={`${p.componentName} (${p.supplierName}): reassessment due ${p.dueDate}`}>
      <Text style={paragraphStyle}>Hello {p.recipientName},</Text>
      <Text style={paragraphStyle}>
        {p.daysLeft < 0 ? (
          <>
            The reassessment of <strong>{p.componentName}</strong> from {p.supplierName} was due on <strong>{p.dueDate}</strong> ({days(-p.daysLeft)} ago) and
            is overdue.
          </>
        ) : (
          <>
            The reassessment of <strong>{p.componentName}</strong> from {p.supplierName} is due on <strong>{p.dueDate}</strong> (
            {p.daysLeft === 0 ? "today" : `in ${days(p.daysLeft)}`}).
          </>
        )}
      </Text>
      <Text style={paragraphStyle}>Why: {p.reasons.join("; ")}.</Text>
      {p.because.length ? <Text style={paragraphStyle}>You are told as the {p.because.join(" and the ")}.</Text> : null}
      <Button href={p.url} style={buttonStyle}>
        Open the component in Assay
      </Button>
      <Text style={paragraphStyle}>Or paste this address into your browser: {p.url}</Text>
    </EmailLayout>
  );
}
