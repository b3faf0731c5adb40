import { Button, Text } from "@react-email/components";
import { buttonStyle, EmailLayout, paragraphStyle } from "./layout";

export interface AssessmentEscalationEmailProps {
  ownerName: string;
  supplierName: string;
  dueDate: string;
  daysOverdue: number;
  /** The vendor contacts who have access, for a phone call or a nudge. */
  contacts: string[];
  /** The assessment's page in Assay (staff sign-in needed). */
  url: string;
}

export const assessmentEscalationSubject = (p: AssessmentEscalationEmailProps) =>
  `${p.supplierName} is ${p.daysOverdue} day${p.daysOverdue === 1 ? "" : "s"} late with its questionnaire`;

export function AssessmentEscalationEmail(p: AssessmentEscalationEmailProps) {
  return (
    <EmailLayout preview={`${p.supplierName}: questionnaire overdue since ${p.dueDate}`}>
      <Text style={paragraphStyle}>Hello {p.ownerName},</Text>
      <Text style={paragraphStyle}>
        {p.supplierName} has not submitted its due-diligence questionnaire, which was due on <strong>{p.dueDate}</strong> ({p.daysOverdue} day
        {p.daysOverdue === 1 ? "" : "s"} ago). Its contacts were reminded and told it is overdue. As the supplier's procurement owner, you may want to follow up
        directly.
      </Text>
      {p.contacts.length ? <Text style={paragraphStyle}>Contacts with access: {p.contacts.join(", ")}.</Text> : null}
      <Button href={p.url} style={buttonStyle}>
        Open the assessment in Assay
      </Button>
      <Text style={paragraphStyle}>Or paste this address into your browser: {p.url}</Text>
    </EmailLayout>
  );
}
