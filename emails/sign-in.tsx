import { Button, Text } from "@react-email/components";
import { buttonStyle, EmailLayout, paragraphStyle } from "./layout";

export interface SignInEmailProps {
  name: string;
  url: string;
  minutesValid: number;
}

export const signInSubject = () => "Your Assay sign-in link";

export function SignInEmail({ name, url, minutesValid }: SignInEmailProps) {
  return (
    <EmailLayout preview="Sign in to Assay">
      <Text style={paragraphStyle}>Hello {name},</Text>
      <Text style={paragraphStyle}>Use the button below to sign in to Assay. The link works once and expires in {minutesValid} minutes.</Text>
      <Button href={url} style={buttonStyle}>
        Sign in to Assay
      </Button>
      <Text style={paragraphStyle}>Or paste this address into your browser: {url}</Text>
    </EmailLayout>
  );
}
