import { Button, Text } from "@react-email/components";
import { buttonStyle, EmailLayout, paragraphStyle } from "./layout";

export interface AssessmentOverdueEmailProps {
  contactName: string;
  supplierName: string;
  dueDate: string;
  /** A fresh link: it replaces the one in earlier emails. */
  url: string;
}

export const assessmentOverdueSubject = (p: AssessmentOverdueEmailProps) => `Overdue: the questionnaire for ${p.supplierName} was due ${p.dueDate}`;

export function AssessmentOverdueEmail(p: AssessmentOverdueEmailProps) {
  return (
    <EmailLayout preview={`Overdue since ${p.dueDate}: questionnaire for ${p.supplierName}`}>
      <Text style={paragraphStyle}>Hello {p.contactName},</Text>
      <Text style={paragraphStyle}>
        The due-diligence questionnaire for {p.supplierName} was due on <strong>{p.dueDate}</strong> and has not been submitted yet. Please complete and submit
        it as soon as you can; if something stops you, reply to your contact at our procurement team.
      </Text>
      <Button href={p.url} style={buttonStyle}>
        Complete the questionnaire
      </Button>
      <Text style={paragraphStyle}>This link replaces the one in our earlier emails. Or paste this address into your browser: {p.url}</Text>
    </EmailLayout>
  );
}
