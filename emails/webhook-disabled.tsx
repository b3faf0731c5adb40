import { Button, Text } from "@react-email/components";
import { buttonStyle, EmailLayout, paragraphStyle } from "./layout";

export interface WebhookDisabledEmailProps {
  recipientName: string;
  endpointUrl: string;
  failures: number;
  lastError: string;
  url: string;
}

export const webhookDisabledSubject = (p: WebhookDisabledEmailProps) => `A webhook endpoint was disabled after ${p.failures} failed deliveries`;

export function WebhookDisabledEmail(p: WebhookDisabledEmailProps) {
  return (
    <EmailLayout preview={`Webhooks to ${p.endpointUrl} are stopped`}>
      <Text style={paragraphStyle}>Hello {p.recipientName},</Text>
      <Text style={paragraphStyle}>
        Assay could not deliver events to the webhook endpoint {p.endpointUrl}: the last {p.failures} deliveries failed in a row (last error: {p.lastError}).
        The endpoint is now disabled, and no more events are sent to it.
      </Text>
      <Text style={paragraphStyle}>
        Once the receiver works again, enable the endpoint on its page; you can redeliver the events it missed from the delivery log there.
      </Text>
      <Button href={p.url} style={buttonStyle}>
        Open the endpoint
      </Button>
      <Text style={paragraphStyle}>Or paste this address into your browser: {p.url}</Text>
    </EmailLayout>
  );
}
