import { Button, Text } from "@react-email/components";
import { buttonStyle, EmailLayout, paragraphStyle } from "./layout";

export interface VendorNewLinkEmailProps {
  contactName: string;
  supplierName: string;
  dueDate: string;
  validUntil: string;
  url: string;
}

export const vendorNewLinkSubject = (p: VendorNewLinkEmailProps) => `Your new link to the questionnaire for ${p.supplierName}`;

export function VendorNewLinkEmail(p: VendorNewLinkEmailProps) {
  return (
    <EmailLayout preview={`A new link to the questionnaire for ${p.supplierName}`}>
      <Text style={paragraphStyle}>Hello {p.contactName},</Text>
      <Text style={paragraphStyle}>
        You asked for a new link to the due-diligence questionnaire for {p.supplierName} (due {p.dueDate}). Your saved answers are kept. The link works until{" "}
        {p.validUntil} and replaces any link we sent you before.
      </Text>
      <Button href={p.url} style={buttonStyle}>
        Open the questionnaire
      </Button>
      <Text style={paragraphStyle}>Or paste this address into your browser: {p.url}</Text>
      <Text style={paragraphStyle}>If you did not ask for this link, you can ignore this message.</Text>
    </EmailLayout>
  );
}
