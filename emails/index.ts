// Every email Assay sends: one React component each, rendered to HTML and plain text.
import { render } from "@react-email/render";
import { createElement, type FunctionComponent } from "react";
import { SignInEmail, signInSubject, type SignInEmailProps } from "./sign-in";
import { StaffInvitationEmail, staffInvitationSubject, type StaffInvitationEmailProps } from "./staff-invitation";

interface EmailTemplate<P> {
  component: FunctionComponent<P>;
  subject: (props: P) => string;
}

const templates = {
  "sign-in": { component: SignInEmail, subject: signInSubject } as EmailTemplate<SignInEmailProps>,
  "staff-invitation": { component: StaffInvitationEmail, subject: staffInvitationSubject } as EmailTemplate<StaffInvitationEmailProps>,
};

export type EmailName = keyof typeof templates;
export type EmailProps<N extends EmailName> = (typeof templates)[N] extends EmailTemplate<infer P> ? P : never;

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export async function renderEmail<N extends EmailName>(name: N, props: EmailProps<N>): Promise<RenderedEmail> {
  const template = templates[name] as unknown as EmailTemplate<EmailProps<N>>;
  const element = createElement(template.component as FunctionComponent<object>, props as object);
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject: template.subject(props), html, text };
}
