import { Button, Link, Text } from "@react-email/components";
import { buttonStyle, EmailLayout, paragraphStyle } from "./layout";

export interface ChangeNoticeEmailProps {
  recipientName: string;
  supplierName: string;
  /** "Vision API 2.1" */
  componentName: string;
  /** "new model version", "retraining", … */
  kindLabel: string;
  /** "14 Mar 2027" */
  occurredOn: string;
  description: string;
  /** Who reported it: "Sam Vendor (sam@vendor.example), Acme" */
  reportedBy: string;
  /** The recipient's systems that depend on the component. */
  systems: string[];
  /** The component page. */
  url: string;
}

export const changeNoticeSubject = (p: ChangeNoticeEmailProps) => `${p.supplierName} reported a ${p.kindLabel} of ${p.componentName}`;

export function ChangeNoticeEmail(p: ChangeNoticeEmailProps) {
  return (
    <EmailLayout preview={`${p.componentName}: ${p.kindLabel} on ${p.occurredOn}`}>
      <Text style={paragraphStyle}>Hello {p.recipientName},</Text>
      <Text style={paragraphStyle}>
        {p.supplierName} reported a <strong>{p.kindLabel}</strong> of {p.componentName}, on <strong>{p.occurredOn}</strong>. You own {p.systems.join(", ")},
        which {p.systems.length === 1 ? "depends" : "depend"} on it.
      </Text>
      <Text style={paragraphStyle}>What changed: {p.description}</Text>
      <Text style={paragraphStyle}>
        Reported by {p.reportedBy}. {p.componentName} is now marked “changed since last review”, and its next reassessment has moved according to our policy.
      </Text>
      <Button href={p.url} style={buttonStyle}>
        Open {p.componentName}
      </Button>
      <Text style={paragraphStyle}>Or paste this address into your browser: {p.url}</Text>
    </EmailLayout>
  );
}

/** The magic link that lands on the change-report page (the standing link in invitations and reminders). */
export const reportChangeUrl = (linkUrl: string) => `${linkUrl}?next=changes`;

/** The standing "Report a change to an AI component" line of every invitation and reminder. */
export function ReportChangeLine({ url }: { url: string }) {
  const href = reportChangeUrl(url);
  return (
    <Text style={paragraphStyle}>
      At any time, also after you submit: <Link href={href}>Report a change to an AI component</Link> (a new model version, a retraining, a new training-data
      source, a sub-processor change or an incident): {href}
    </Text>
  );
}
