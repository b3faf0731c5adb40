import { Button, Section, Text } from "@react-email/components";
import { buttonStyle, EmailLayout, paragraphStyle } from "./layout";
import { useOrganisation } from "./organisation";

export interface ClarificationRequestedEmailProps {
  contactName: string;
  supplierName: string;
  questionnaireName: string;
  /** Each reopened question ("2.3 Do you …? (about Vision API)") and what the reviewer needs. */
  requests: Array<{ question: string; message: string }>;
  /** The last day the link works, formatted. */
  validUntil: string;
  url: string;
}

const count = (n: number) => `${n} question${n === 1 ? "" : "s"}`;

export const clarificationRequestedSubject = (p: ClarificationRequestedEmailProps) =>
  `Clarification requested on ${count(p.requests.length)} in the questionnaire for ${p.supplierName}`;

const questionStyle = { ...paragraphStyle, fontWeight: 600, margin: "12px 0 4px" } as const;
const messageStyle = { ...paragraphStyle, borderLeft: "3px solid #d5dae1", paddingLeft: 12, margin: "0 0 8px", whiteSpace: "pre-wrap" } as const;

export function ClarificationRequestedEmail(p: ClarificationRequestedEmailProps) {
  const org = useOrganisation();
  return (
    <EmailLayout preview={`The reviewer asks for clarification on ${count(p.requests.length)}`}>
      <Text style={paragraphStyle}>Hello {p.contactName},</Text>
      <Text style={paragraphStyle}>
        Thank you for answering the questionnaire “{p.questionnaireName}” for {p.supplierName}. {org.Buyer} has asked you for more: its reviewer asks for
        clarification on {count(p.requests.length)}. These questions are open again for you; the rest of your answers stay as they are.
      </Text>
      <Section>
        {p.requests.map((r, i) => (
          <div key={i}>
            <Text style={questionStyle}>{r.question}</Text>
            <Text style={messageStyle}>What is needed: {r.message}</Text>
          </div>
        ))}
      </Section>
      <Text style={paragraphStyle}>Please change or confirm those answers, then resubmit the questionnaire.</Text>
      <Button href={p.url} style={buttonStyle}>
        Open the questionnaire
      </Button>
      <Text style={paragraphStyle}>This is a new personal link: it replaces any earlier link and works until {p.validUntil}. Please do not forward it.</Text>
      <Text style={paragraphStyle}>Or paste this address into your browser: {p.url}</Text>
    </EmailLayout>
  );
}
