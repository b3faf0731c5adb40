import { Button, Text } from "@react-email/components";
import { buttonStyle, EmailLayout, paragraphStyle } from "./layout";
import { useOrganisation } from "./organisation";

export interface AssessmentOverdueEmailProps {
  contactName: string;
  supplierName: string;
  dueDate: string;
  /** A fresh link: it replaces the one in earlier emails. */
  url: string;
}

export const assessmentOverdueSubject = (p: AssessmentOverdueEmailProps) => `Overdue: the questionnaire for ${p.supplierName} was due ${p.dueDate}`;

export function AssessmentOverdueEmail(p: AssessmentOverdueEmailProps) {
  const org = useOrganisation();
  return (
    <EmailLayout preview={`Overdue since ${p.dueDate}: questionnaire for ${p.supplierName}`}>
      <Text style={paragraphStyle}>Hello {p.contactName},</Text>
      <Text style={paragraphStyle}>
        {org.Buyer} has asked you to answer its due-diligence questionnaire for {p.supplierName}. It was due on <strong>{p.dueDate}</strong> and has not been
        submitted yet. Please complete and submit it as soon as you can; if something stops you, tell your contact at {org.buyer}.
      </Text>
      <Button href={p.url} style={buttonStyle}>
        Complete the questionnaire
      </Button>
      <Text style={paragraphStyle}>This link replaces the one in earlier emails. Or paste this address into your browser: {p.url}</Text>
    </EmailLayout>
  );
}
