import { Button, Text } from "@react-email/components";
import { buttonStyle, EmailLayout, paragraphStyle } from "./layout";

export interface AssessmentSubmittedEmailProps {
  recipientName: string;
  submittedByName: string;
  submittedByEmail: string;
  supplierName: string;
  templateName: string;
  dueDate: string;
  url: string;
}

export const assessmentSubmittedSubject = (p: AssessmentSubmittedEmailProps) => `${p.supplierName} submitted the questionnaire “${p.templateName}”`;

export function AssessmentSubmittedEmail(p: AssessmentSubmittedEmailProps) {
  return (
    <EmailLayout preview={`${p.supplierName} submitted their answers`}>
      <Text style={paragraphStyle}>Hello {p.recipientName},</Text>
      <Text style={paragraphStyle}>
        {p.submittedByName} ({p.submittedByEmail}) submitted {p.supplierName}'s answers to “{p.templateName}” (due {p.dueDate}). The answers are now locked for
        review; you can read them, and reopen the questionnaire if changes are needed.
      </Text>
      <Button href={p.url} style={buttonStyle}>
        Open the assessment
      </Button>
      <Text style={paragraphStyle}>Or paste this address into your browser: {p.url}</Text>
    </EmailLayout>
  );
}
