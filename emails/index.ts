// Every email Assay sends: one React component each, rendered to HTML and plain text.
import { render } from "@react-email/render";
import { createElement, type FunctionComponent } from "react";
import { NO_ORGANISATION, type OrganisationBrand } from "../app/domain/organisation";
import { OrganisationContext } from "./organisation";
import { ClarificationRequestedEmail, clarificationRequestedSubject, type ClarificationRequestedEmailProps } from "./clarification-requested";
import { AssessmentEscalationEmail, assessmentEscalationSubject, type AssessmentEscalationEmailProps } from "./assessment-escalation";
import { AssessmentInvitationEmail, assessmentInvitationSubject, type AssessmentInvitationEmailProps } from "./assessment-invitation";
import { AssessmentOverdueEmail, assessmentOverdueSubject, type AssessmentOverdueEmailProps } from "./assessment-overdue";
import { AssessmentSubmittedEmail, assessmentSubmittedSubject, type AssessmentSubmittedEmailProps } from "./assessment-submitted";
import { AssessmentReminderEmail, assessmentReminderSubject, type AssessmentReminderEmailProps } from "./assessment-reminder";
import { SignInEmail, signInSubject, type SignInEmailProps } from "./sign-in";
import { StaffInvitationEmail, staffInvitationSubject, type StaffInvitationEmailProps } from "./staff-invitation";
import { VendorNewLinkEmail, vendorNewLinkSubject, type VendorNewLinkEmailProps } from "./vendor-new-link";
import { VendorFindingsEmail, vendorFindingsSubject, type VendorFindingsEmailProps } from "./vendor-findings";
import { ReviewRequestedEmail, reviewRequestedSubject, type ReviewRequestedEmailProps } from "./review-requested";
import { AssessmentDecidedEmail, assessmentDecidedSubject, type AssessmentDecidedEmailProps } from "./assessment-decided";
import { DeadlineReminderEmail, deadlineReminderSubject, type DeadlineReminderEmailProps } from "./deadline-reminder";
import { EvidenceRenewalRequestEmail, evidenceRenewalRequestSubject, type EvidenceRenewalRequestEmailProps } from "./evidence-renewal-request";
import { DeadlineDigestEmail, deadlineDigestSubject, type DeadlineDigestEmailProps } from "./deadline-digest";
import { ChangeNoticeEmail, changeNoticeSubject, type ChangeNoticeEmailProps } from "./change-notice";
import { WebhookDisabledEmail, webhookDisabledSubject, type WebhookDisabledEmailProps } from "./webhook-disabled";

interface EmailTemplate<P> {
  component: FunctionComponent<P>;
  /** The subject line; it may name the buying organisation. */
  subject: (props: P, organisation: OrganisationBrand) => string;
}

const templates = {
  "sign-in": { component: SignInEmail, subject: signInSubject } as EmailTemplate<SignInEmailProps>,
  "staff-invitation": { component: StaffInvitationEmail, subject: staffInvitationSubject } as EmailTemplate<StaffInvitationEmailProps>,
  "assessment-invitation": { component: AssessmentInvitationEmail, subject: assessmentInvitationSubject } as EmailTemplate<AssessmentInvitationEmailProps>,
  "assessment-reminder": { component: AssessmentReminderEmail, subject: assessmentReminderSubject } as EmailTemplate<AssessmentReminderEmailProps>,
  "assessment-overdue": { component: AssessmentOverdueEmail, subject: assessmentOverdueSubject } as EmailTemplate<AssessmentOverdueEmailProps>,
  "assessment-submitted": { component: AssessmentSubmittedEmail, subject: assessmentSubmittedSubject } as EmailTemplate<AssessmentSubmittedEmailProps>,
  "assessment-escalation": { component: AssessmentEscalationEmail, subject: assessmentEscalationSubject } as EmailTemplate<AssessmentEscalationEmailProps>,
  "vendor-new-link": { component: VendorNewLinkEmail, subject: vendorNewLinkSubject } as EmailTemplate<VendorNewLinkEmailProps>,
  "clarification-requested": {
    component: ClarificationRequestedEmail,
    subject: clarificationRequestedSubject,
  } as EmailTemplate<ClarificationRequestedEmailProps>,
  "vendor-findings": { component: VendorFindingsEmail, subject: vendorFindingsSubject } as EmailTemplate<VendorFindingsEmailProps>,
  "review-requested": { component: ReviewRequestedEmail, subject: reviewRequestedSubject } as EmailTemplate<ReviewRequestedEmailProps>,
  "assessment-decided": { component: AssessmentDecidedEmail, subject: assessmentDecidedSubject } as EmailTemplate<AssessmentDecidedEmailProps>,
  "deadline-reminder": { component: DeadlineReminderEmail, subject: deadlineReminderSubject } as EmailTemplate<DeadlineReminderEmailProps>,
  "evidence-renewal-request": {
    component: EvidenceRenewalRequestEmail,
    subject: evidenceRenewalRequestSubject,
  } as EmailTemplate<EvidenceRenewalRequestEmailProps>,
  "deadline-digest": { component: DeadlineDigestEmail, subject: deadlineDigestSubject } as EmailTemplate<DeadlineDigestEmailProps>,
  "change-notice": { component: ChangeNoticeEmail, subject: changeNoticeSubject } as EmailTemplate<ChangeNoticeEmailProps>,
  "webhook-disabled": { component: WebhookDisabledEmail, subject: webhookDisabledSubject } as EmailTemplate<WebhookDisabledEmailProps>,
};

export type EmailName = keyof typeof templates;
export type EmailProps<N extends EmailName> = (typeof templates)[N] extends EmailTemplate<infer P> ? P : never;

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** Renders an email for the buying organisation `organisation` (its name, support contact and privacy notice appear in every email). */
export async function renderEmail<N extends EmailName>(
  name: N,
  props: EmailProps<N>,
  organisation: OrganisationBrand = NO_ORGANISATION,
): Promise<RenderedEmail> {
  const template = templates[name] as unknown as EmailTemplate<EmailProps<N>>;
  const element = createElement(
    OrganisationContext.Provider,
    { value: organisation },
    createElement(template.component as FunctionComponent<object>, props as object),
  );
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject: template.subject(props, organisation), html, text };
}
