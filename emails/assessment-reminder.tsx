import { Button, Text } from "@react-email/components";
import { ReportChangeLine } from "./change-notice";
import { buttonStyle, EmailLayout, paragraphStyle } from "./layout";
import { useOrganisation } from "./organisation";

export interface AssessmentReminderEmailProps {
  contactName: string;
  supplierName: string;
  dueDate: string;
  daysLeft: number;
  /** A fresh link: it replaces the one in earlier emails. */
  url: string;
}

const inDays = (n: number) => (n <= 0 ? "today" : n === 1 ? "tomorrow" : `in ${n} days`);

export const assessmentReminderSubject = (p: AssessmentReminderEmailProps) => `Reminder: the questionnaire for ${p.supplierName} is due ${inDays(p.daysLeft)}`;

export function AssessmentReminderEmail(p: AssessmentReminderEmailProps) {
  const org = useOrganisation();
  return (
    <EmailLayout preview={`Due ${inDays(p.daysLeft)}: questionnaire for ${p.supplierName}`}>
      <Text style={paragraphStyle}>Hello {p.contactName},</Text>
      <Text style={paragraphStyle}>
        {org.Buyer} has asked you to answer its due-diligence questionnaire for {p.supplierName}. A friendly reminder: it is due {inDays(p.daysLeft)}, on{" "}
        <strong>{p.dueDate}</strong>. Answers you have already saved are kept.
      </Text>
      <Button href={p.url} style={buttonStyle}>
        Continue the questionnaire
      </Button>
      <Text style={paragraphStyle}>This link replaces the one in earlier emails. Or paste this address into your browser: {p.url}</Text>
      <ReportChangeLine url={p.url} />
    </EmailLayout>
  );
}
