import { Button, Text } from "@react-email/components";
import { buttonStyle, EmailLayout, paragraphStyle } from "./layout";
import { useOrganisation } from "./organisation";

/** Only what the vendor may see of each finding: never its owner or internal notes. */
export interface VendorFindingsEmailProps {
  contactName: string;
  supplierName: string;
  /** Who sends it (the reviewer's name). */
  sentBy: string;
  findings: Array<{ title: string; severity: string; dueDate: string | null }>;
  /** The last day the link works, formatted. */
  validUntil: string;
  url: string;
}

export const vendorFindingsSubject = (p: VendorFindingsEmailProps) =>
  `${p.findings.length} finding${p.findings.length === 1 ? "" : "s"} to remediate from the review of ${p.supplierName}`;

export function VendorFindingsEmail(p: VendorFindingsEmailProps) {
  const org = useOrganisation();
  return (
    <EmailLayout preview={`Findings from the review of ${p.supplierName}'s questionnaire`}>
      <Text style={paragraphStyle}>Hello {p.contactName},</Text>
      <Text style={paragraphStyle}>
        {org.Buyer} has asked you to remediate findings: {p.sentBy} reviewed {p.supplierName}'s answers to its due-diligence questionnaire and asks you to
        remediate {p.findings.length === 1 ? "this finding" : "these findings"}:
      </Text>
      {p.findings.map((f, i) => (
        <Text key={i} style={{ ...paragraphStyle, margin: "4px 0", paddingLeft: 12, borderLeft: "3px solid #d5dae1" }}>
          <strong>{f.title}</strong> ({f.severity}
          {f.dueDate ? `, due ${f.dueDate}` : ""})
        </Text>
      ))}
      <Text style={paragraphStyle}>Each finding's details are in the portal, where you can respond and upload evidence of the remediation.</Text>
      <Button href={p.url} style={buttonStyle}>
        Open the findings
      </Button>
      <Text style={paragraphStyle}>The link is personal to you: please do not forward it. It works until {p.validUntil} and replaces any earlier link.</Text>
      <Text style={paragraphStyle}>Or paste this address into your browser: {p.url}</Text>
    </EmailLayout>
  );
}
