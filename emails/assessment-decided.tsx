import { Button, Text } from "@react-email/components";
import { buttonStyle, EmailLayout, paragraphStyle } from "./layout";

export interface AssessmentDecidedEmailProps {
  recipientName: string;
  supplierName: string;
  templateName: string;
  /** "Approved", "Approved with conditions", "Rejected". */
  decisionLabel: string;
  rationale: string;
  decidedByName: string;
  /** "14 Mar 2028" */
  validUntil: string;
  conditions: Array<{ title: string; severity: string; dueDate: string }>;
  /** Why this person: "you issued the questionnaire", "you own Credit model v3, which depends on Vision API"… */
  reasons: string[];
  url: string;
}

export const assessmentDecidedSubject = (p: AssessmentDecidedEmailProps) => `${p.supplierName}: ${p.decisionLabel.toLowerCase()} (“${p.templateName}”)`;

export function AssessmentDecidedEmail(p: AssessmentDecidedEmailProps) {
  return (
    <EmailLayout preview={`${p.supplierName}: ${p.decisionLabel}`}>
      <Text style={paragraphStyle}>Hello {p.recipientName},</Text>
      <Text style={paragraphStyle}>
        {p.decidedByName} decided the review of {p.supplierName}'s answers to “{p.templateName}”: <strong>{p.decisionLabel}</strong>. The decision holds until{" "}
        {p.validUntil}.
      </Text>
      <Text style={paragraphStyle}>Rationale: {p.rationale}</Text>
      {p.conditions.length ? (
        <>
          <Text style={paragraphStyle}>Conditions (each tracked as a finding until it is met):</Text>
          {p.conditions.map((c, i) => (
            <Text key={i} style={paragraphStyle}>
              {i + 1}. {c.title} ({c.severity} severity, due {c.dueDate})
            </Text>
          ))}
        </>
      ) : null}
      {p.reasons.length ? <Text style={paragraphStyle}>You receive this because {p.reasons.join("; ")}.</Text> : null}
      <Button href={p.url} style={buttonStyle}>
        Open the assessment
      </Button>
      <Text style={paragraphStyle}>Or paste this address into your browser: {p.url}</Text>
    </EmailLayout>
  );
}
