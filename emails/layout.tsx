import { Body, Container, Head, Hr, Html, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";

const styles = {
  body: { backgroundColor: "#f4f5f7", fontFamily: "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", margin: 0, padding: "24px 0" },
  container: { backgroundColor: "#ffffff", borderRadius: 8, maxWidth: 560, margin: "0 auto", padding: "32px" },
  brand: { color: "#1f3a5f", fontSize: 18, fontWeight: 700, margin: "0 0 16px" },
  footer: { color: "#5b6472", fontSize: 12, lineHeight: "18px" },
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
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Text style={styles.brand}>Assay</Text>
          <Section>{children}</Section>
          <Hr />
          <Text style={styles.footer}>Assay, AI supplier due diligence. If you did not expect this message you can ignore it.</Text>
        </Container>
      </Body>
    </Html>
  );
}
