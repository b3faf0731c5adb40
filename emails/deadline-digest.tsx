import { Button, Text } from "@react-email/components";
import { buttonStyle, EmailLayout, paragraphStyle } from "./layout";

export interface DigestItem {
  componentName: string;
  supplierName: string;
  dueDate: string;
  reason: string;
  url: string;
}

export interface DeadlineDigestEmailProps {
  recipientName: string;
  weekOf: string;
  overdue: DigestItem[];
  upcoming: DigestItem[];
  /** The deadlines page. */
  url: string;
  /** The profile page, to stop the digest. */
  profileUrl: string;
}

export const deadlineDigestSubject = (p: DeadlineDigestEmailProps) =>
  `Reassessments for the week of ${p.weekOf}: ${p.overdue.length} overdue, ${p.upcoming.length} due in the next 30 days`;

function Items({ items }: { items: DigestItem[] }) {
  return (
    <>
      {items.map((item) => (
        <Text key={item.url} style={paragraphStyle}>
          • <a href={item.url}>{`${item.componentName} (${item.supplierName})`}</a>: due {item.dueDate}. {item.reason}.
        </Text>
      ))}
    </>
  );
}

export function DeadlineDigestEmail(p: DeadlineDigestEmailProps) {
  return (
    <EmailLayout preview={`${p.overdue.length} overdue, ${p.upcoming.length} due in 30 days`}>
      <Text style={paragraphStyle}>Hello {p.recipientName},</Text>
      {p.overdue.length ? (
        <>
          <Text style={paragraphStyle}>
            <strong>Overdue ({p.overdue.length})</strong>
          </Text>
          <Items items={p.overdue} />
        </>
      ) : null}
      {p.upcoming.length ? (
        <>
          <Text style={paragraphStyle}>
            <strong>Due in the next 30 days ({p.upcoming.length})</strong>
          </Text>
          <Items items={p.upcoming} />
        </>
      ) : null}
      <Button href={p.url} style={buttonStyle}>
        Open the deadlines in Assay
      </Button>
      <Text style={paragraphStyle}>You receive this weekly digest as a procurement or risk owner. To stop it, untick it on your profile: {p.profileUrl}</Text>
    </EmailLayout>
  );
}
