import { Button, Text } from "@react-email/components";
import { buttonStyle, EmailLayout, paragraphStyle } from "./layout";
import { useOrganisation } from "./organisation";

export interface EvidenceRenewalRequestEmailProps {
  contactName: string;
  supplierName: string;
  componentName: string;
  /** The expiring evidence, in words: "ISO/IEC 42001 certificate expires 1 Feb 2027". */
  reason: string;
  dueDate: string;
  /** A fresh magic link to the supplier's open questionnaire, or null when none is open. */
  url: string | null;
  /** Who to answer when there is no link: the procurement owner's name and address. */
  replyTo: string | null;
}

export const evidenceRenewalRequestSubject = (p: EvidenceRenewalRequestEmailProps) =>
  `Please upload your renewed certificate for ${p.componentName} (${p.supplierName})`;

export function EvidenceRenewalRequestEmail(p: EvidenceRenewalRequestEmailProps) {
  const org = useOrganisation();
  return (
    <EmailLayout preview={`${p.reason}: please upload the renewed document`}>
      <Text style={paragraphStyle}>Hello {p.contactName},</Text>
      <Text style={paragraphStyle}>
        {org.Buyer} has asked you for a renewed certificate: its records for <strong>{p.componentName}</strong> show: {p.reason}. Please upload it before{" "}
        <strong>{p.dueDate}</strong> so the review of {p.supplierName} stays current.
      </Text>
      {p.url ? (
        <>
          <Button href={p.url} style={buttonStyle}>
            Upload the renewed certificate
          </Button>
          <Text style={paragraphStyle}>Or paste this address into your browser: {p.url}. The link is personal: please do not forward it.</Text>
        </>
      ) : (
        <Text style={paragraphStyle}>
          Please send the renewed document to {p.replyTo ?? "your contact in our procurement team"}; we will send you a link to upload it with our next
          questionnaire.
        </Text>
      )}
    </EmailLayout>
  );
}
