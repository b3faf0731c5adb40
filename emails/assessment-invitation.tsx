import { Button, Text } from "@react-email/components";
import { ReportChangeLine } from "./change-notice";
import { buttonStyle, EmailLayout, paragraphStyle } from "./layout";
import { useOrganisation } from "./organisation";
import type { OrganisationBrand } from "../app/domain/organisation";

export interface AssessmentInvitationEmailProps {
  contactName: string;
  supplierName: string;
  /** The buyer's personal note, shown as written (may be empty). */
  message: string | null;
  issuedBy: string;
  questionnaireName: string;
  /** Already formatted for reading, e.g. "12 Mar 2027". */
  dueDate: string;
  /** The last day the link works, formatted. */
  validUntil: string;
  url: string;
}

export const assessmentInvitationSubject = (p: AssessmentInvitationEmailProps, org?: OrganisationBrand) =>
  `${org?.name ? `${org.name}: due` : "Due"}-diligence questionnaire for ${p.supplierName}, due ${p.dueDate}`;

export function AssessmentInvitationEmail(p: AssessmentInvitationEmailProps) {
  const org = useOrganisation();
  return (
    <EmailLayout preview={`A questionnaire for ${p.supplierName}, due ${p.dueDate}`}>
      <Text style={paragraphStyle}>Hello {p.contactName},</Text>
      <Text style={paragraphStyle}>
        {org.Buyer} has asked you to answer the questionnaire “{p.questionnaireName}” for {p.supplierName}, about the AI in the products and services{" "}
        {p.supplierName} supplies to {org.buyer}. {p.issuedBy} sent it. Please answer by <strong>{p.dueDate}</strong>. You can answer over several visits; your
        answers are saved as you go.
      </Text>
      {p.message ? (
        <Text style={{ ...paragraphStyle, borderLeft: "3px solid #d5dae1", paddingLeft: 12, whiteSpace: "pre-wrap" }}>
          Message from {p.issuedBy}: {p.message}
        </Text>
      ) : null}
      <Button href={p.url} style={buttonStyle}>
        Open the questionnaire
      </Button>
      <Text style={paragraphStyle}>
        The link is personal to you: please do not forward it. It works until {p.validUntil}; if it has expired, the page it opens lets you ask for a new one.
      </Text>
      <Text style={paragraphStyle}>Or paste this address into your browser: {p.url}</Text>
      <ReportChangeLine url={p.url} />
    </EmailLayout>
  );
}
