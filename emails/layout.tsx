import { Body, Container, Head, Hr, Html, Link, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";
import { supportLine, useOrganisation } from "./organisation";

const styles = {
  body: { backgroundColor: "#f4f5f7", fontFamily: "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", margin: 0, padding: "24px 0" },
  container: { backgroundColor: "#ffffff", borderRadius: 8, maxWidth: 560, margin: "0 auto", padding: "32px" },
  brand: { color: "#1f3a5f", fontSize: 18, fontWeight: 700, margin: "0 0 16px" },
  footer: { color: "#5b6472", fontSize: 12, lineHeight: "18px" },
  footerLink: { color: "#1f3a5f" },
} as const;

export const buttonStyle = {
  backgroundColor: "#1f3a5f",
  borderRadius: 6,
  color: "#ffffff",
  display: "inline-block",
  fontSize: 15,
  fontWeight: 600,
  padding: "12px 20px",
  textDecoration: "none",
} as const;

export const paragraphStyle = { color: "#1d232b", fontSize: 15, lineHeight: "22px" } as const;

export function EmailLayout({ preview, children }: { preview: string; children: ReactNode }) {
  const org = useOrganisation();
  const support = supportLine(org);
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Text style={styles.brand}>{org.name ?? "Assay"}</Text>
          <Section>{children}</Section>
          <Hr />
          <Text style={styles.footer}>
            Sent for {org.buyer} by Assay, its AI supplier due-diligence portal.
            {support ? ` ${support}` : ""}
          </Text>
          {org.privacyUrl ? (
            <Text style={styles.footer}>
              How {org.buyer} handles your personal data:{" "}
              <Link href={org.privacyUrl} style={styles.footerLink}>
                privacy notice
              </Link>
            </Text>
          ) : null}
          <Text style={styles.footer}>If you did not expect this message you can ignore it.</Text>
        </Container>
      </Body>
    </Html>
  );
}
