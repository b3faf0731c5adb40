// The buying organisation's profile (name, logo, support contact, privacy notice), set by admins and
// shown to vendors on the portal and in every email. Pure: the form's schema (browser and server),
// the logo check, and the words used when nothing is set yet (never "Assay": Assay is the tool,
// not the buyer).
import * as z from "zod";
import { extensionOf, formatFileSize, sniffFileType } from "./file-types";

/** What pages and emails show: no logo bytes, only whether there is one (its hash names the version). */
export interface OrganisationBrand {
  name: string | null;
  supportName: string | null;
  supportEmail: string | null;
  privacyUrl: string | null;
  /** SHA-256 of the logo (hex), or null when there is none. */
  logoHash: string | null;
}

export const NO_ORGANISATION: OrganisationBrand = { name: null, supportName: null, supportEmail: null, privacyUrl: null, logoHash: null };

/** The neutral wording used while an admin has not named the organisation. */
export const UNNAMED_BUYER = "the buying organisation";

/** The buyer's name as it reads inside a sentence. */
export function buyerName(org: Pick<OrganisationBrand, "name">): string {
  return org.name ?? UNNAMED_BUYER;
}

/** The buyer's name at the start of a sentence. */
export function BuyerName(org: Pick<OrganisationBrand, "name">): string {
  const name = buyerName(org);
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** Where the logo is served; the hash in the query makes a new logo a new address (long caching is safe). */
export function logoPath(org: Pick<OrganisationBrand, "logoHash">): string | null {
  return org.logoHash ? `/organisation/logo?v=${org.logoHash.slice(0, 16)}` : null;
}

export const ORGANISATION_NAME_MAX = 120;
export const MAX_LOGO_BYTES = 512 * 1024;
export const LOGO_ACCEPT = ".png,.jpg,.jpeg";

const optional = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} has at most ${max} characters`)
    .optional()
    .transform((v) => (v ? v : null));

/** The profile's text fields, over strings as a form posts them; empty means "not set". */
export const organisationProfileSchema = z.object({
  name: optional(ORGANISATION_NAME_MAX, "The organisation's name"),
  supportName: optional(120, "The contact's name"),
  supportEmail: z
    .string()
    .trim()
    .max(254, "An email address has at most 254 characters")
    .optional()
    .refine((v) => !v || z.email().safeParse(v).success, "Enter a valid email address, like privacy@example.com")
    .transform((v) => (v ? v.toLowerCase() : null)),
  privacyUrl: z
    .string()
    .trim()
    .max(500, "A web address has at most 500 characters")
    .optional()
    .refine((v) => !v || isHttpsUrl(v), "Enter the full address of the privacy notice, starting with https://")
    .transform((v) => (v ? v : null)),
  removeLogo: z
    .union([z.boolean(), z.string()])
    .optional()
    .transform((v) => v === true || v === "on" || v === "true"),
});

export type OrganisationProfileInput = z.output<typeof organisationProfileSchema>;
export type OrganisationProfileFormValues = z.input<typeof organisationProfileSchema>;

export const ORGANISATION_FORM_FIELDS = ["name", "supportName", "supportEmail", "privacyUrl", "removeLogo"] as const;

function isHttpsUrl(value: string): boolean {
  if (/\s/.test(value)) return false;
  try {
    const url = new URL(value);
    return url.protocol === "https:" && url.hostname.includes(".") && url.username === "" && url.password === "";
  } catch {
    return false;
  }
}

export function organisationFormValues(org: OrganisationBrand): OrganisationProfileFormValues {
  return {
    name: org.name ?? "",
    supportName: org.supportName ?? "",
    supportEmail: org.supportEmail ?? "",
    privacyUrl: org.privacyUrl ?? "",
    removeLogo: false,
  };
}

export type LogoCheck = { ok: true; contentType: "image/png" | "image/jpeg" } | { ok: false; message: string };

const LOGO_TYPES = "Upload a PNG or JPEG image";

/**
 * A logo is a PNG or a JPEG by its content (the evidence upload's magic-byte check), at most 512 KB.
 * SVG is refused: it can carry scripts.
 */
export function checkLogo(bytes: Uint8Array, fileName: string): LogoCheck {
  if (bytes.byteLength > MAX_LOGO_BYTES)
    return { ok: false, message: `The logo is larger than ${formatFileSize(MAX_LOGO_BYTES)}. ${LOGO_TYPES} of at most ${formatFileSize(MAX_LOGO_BYTES)}.` };
  const extension = extensionOf(fileName);
  const head = new TextDecoder().decode(bytes.slice(0, 512)).trimStart().toLowerCase();
  if (extension === "svg" || extension === "svgz" || head.startsWith("<svg") || (head.startsWith("<?xml") && head.includes("<svg")))
    return { ok: false, message: `SVG logos are not accepted: an SVG file can carry scripts. ${LOGO_TYPES}.` };
  if (!["png", "jpg", "jpeg"].includes(extension))
    return {
      ok: false,
      message: extension ? `Files of type .${extension} are not accepted as a logo. ${LOGO_TYPES}.` : `This file has no extension. ${LOGO_TYPES}.`,
    };
  const sniffed = sniffFileType(bytes, fileName);
  if (!sniffed.ok) return { ok: false, message: `${sniffed.message} ${LOGO_TYPES}.` };
  if (sniffed.kind === "png") return { ok: true, contentType: "image/png" };
  if (sniffed.kind === "jpeg") return { ok: true, contentType: "image/jpeg" };
  return { ok: false, message: `A logo must be an image. ${LOGO_TYPES}.` };
}
