import { Button, Text } from "@react-email/components";
import { buttonStyle, EmailLayout, paragraphStyle } from "./layout";
import { useOrganisation } from "./organisation";

export interface StaffInvitationEmailProps {
  name: string;
  invitedBy: string;
  roleLabel: string;
  url: string;
  daysValid: number;
}

export const staffInvitationSubject = (p: StaffInvitationEmailProps) => `${p.invitedBy} invited you to Assay`;

export function StaffInvitationEmail({ name, invitedBy, roleLabel, url, daysValid }: StaffInvitationEmailProps) {
  const org = useOrganisation();
  return (
    <EmailLayout preview={`${invitedBy} invited you to Assay`}>
      <Text style={paragraphStyle}>Hello {name},</Text>
      <Text style={paragraphStyle}>
        {invitedBy} gave you access to Assay as {roleLabel}. Assay is where {org.buyer} assesses the AI suppliers it buys from.
      </Text>
      <Button href={url} style={buttonStyle}>
        Sign in to Assay
      </Button>
      <Text style={paragraphStyle}>The link works once and expires in {daysValid} days. Afterwards, request a new sign-in link from the sign-in page.</Text>
      <Text style={paragraphStyle}>Or paste this address into your browser: {url}</Text>
    </EmailLayout>
  );
}
