import { Button, Text } from "@react-email/components";
import { buttonStyle, EmailLayout, paragraphStyle } from "./layout";
import { useOrganisation } from "./organisation";

export interface VendorNewLinkEmailProps {
  contactName: string;
  supplierName: string;
  dueDate: string;
  validUntil: string;
  url: string;
}

export const vendorNewLinkSubject = (p: VendorNewLinkEmailProps) => `Your new link to the questionnaire for ${p.supplierName}`;

export function VendorNewLinkEmail(p: VendorNewLinkEmailProps) {
  const org = useOrganisation();
  return (
    <EmailLayout preview={`A new link to the questionnaire for ${p.supplierName}`}>
      <Text style={paragraphStyle}>Hello {p.contactName},</Text>
      <Text style={paragraphStyle}>
        {org.Buyer} has asked you to answer its due-diligence questionnaire for {p.supplierName} (due {p.dueDate}), and you asked for a new link to it. Your
        saved answers are kept. The link works until {p.validUntil} and replaces any earlier link.
      </Text>
      <Button href={p.url} style={buttonStyle}>
        Open the questionnaire
      </Button>
      <Text style={paragraphStyle}>Or paste this address into your browser: {p.url}</Text>
      <Text style={paragraphStyle}>If you did not ask for this link, you can ignore this message.</Text>
    </EmailLayout>
  );
}
