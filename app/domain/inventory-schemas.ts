// The one definition of a valid inventory record, used by the browser (react-hook-form),
// the server actions and the CSV import alike. Inputs are strings, as forms and CSV give them.
import * as z from "zod";
import type { CountryLookup } from "./country-match";
import { COMPONENT_KINDS, CRITICALITIES, DATA_CATEGORIES, EU_AI_ACT_CLASSES, LIFECYCLES, SUPPLIER_STATUSES, UPDATE_CADENCES } from "./inventory";

/** Trimmed text; empty becomes null. */
export const optionalText = (max: number, label = "This field") =>
  z
    .string()
    .trim()
    .max(max, `${label} has at most ${max} characters`)
    .transform((v) => (v === "" ? null : v))
    .nullable()
    .optional()
    .transform((v) => v ?? null);

export const requiredText = (max: number, message: string) => z.string({ error: message }).trim().min(1, message).max(max, `Keep it under ${max} characters`);

const enumOf = <T extends readonly [string, ...string[]]>(values: T, message: string) => z.enum(values, { error: message });

export const externalIdSchema = z
  .string()
  .trim()
  .max(100, "An external id has at most 100 characters")
  .regex(/^[A-Za-z0-9._:/-]*$/, "Use letters, digits and . _ : / - only")
  .transform((v) => (v === "" ? null : v))
  .optional()
  .transform((v) => v ?? null);

const emailField = z
  .string({ error: "Enter an email address" })
  .trim()
  .min(1, "Enter an email address")
  .max(254, "An email address has at most 254 characters")
  .pipe(z.email({ error: "Enter a valid email address, like name@example.com" }))
  .transform((v) => v.toLowerCase());

const websiteField = z
  .string()
  .trim()
  .max(300, "A web address has at most 300 characters")
  .refine((v) => v === "" || /^https?:\/\/[^\s/$.?#].[^\s]*$/i.test(v), "Enter a full web address starting with https://")
  .transform((v) => (v === "" ? null : v))
  .optional()
  .transform((v) => v ?? null);

export const COUNTRY_MESSAGE = "Choose a country from the list, e.g. Germany or DE";

/** A country by name or code ("Germany", "de", "DEU"), stored as its alpha-2 code; empty is none. */
const countryField = (countries: CountryLookup) =>
  z
    .string()
    .trim()
    .max(100, COUNTRY_MESSAGE)
    .transform((v, ctx) => {
      if (v === "") return null;
      const code = countries.codeOf(v);
      if (code === null) {
        ctx.addIssue({ code: "custom", message: COUNTRY_MESSAGE });
        return z.NEVER;
      }
      return code;
    })
    .optional()
    .transform((v) => v ?? null);

/** A checkbox: "on"/"true"/"yes"/"1" are true; absent or anything falsy is false. */
export const checkboxField = z
  .union([z.boolean(), z.string()])
  .optional()
  .transform((v) => v === true || (typeof v === "string" && ["on", "true", "yes", "1", "y"].includes(v.trim().toLowerCase())));

const optionalUuid = (message: string) =>
  z
    .string()
    .trim()
    .refine((v) => v === "" || z.uuid().safeParse(v).success, message)
    .transform((v) => (v === "" ? null : v))
    .optional()
    .transform((v) => v ?? null);

const isoDate = z
  .string()
  .trim()
  .refine(
    (v) => v === "" || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v)),
    "Enter a date as YYYY-MM-DD",
  )
  .transform((v) => (v === "" ? null : v))
  .optional()
  .transform((v) => v ?? null);

/**
 * The supplier form over a list of countries: the server and the CSV import pass the full ISO list
 * (app/domain/countries.ts), the browser the options its loader sent; the rules are the same.
 */
export const supplierSchemaFor = (countries: CountryLookup) =>
  z.object({
    name: requiredText(200, "Enter the supplier's name"),
    legalName: optionalText(300, "The legal name"),
    website: websiteField,
    country: countryField(countries),
    status: enumOf(SUPPLIER_STATUSES, "Choose a status"),
    procurementOwnerId: optionalUuid("Choose an owner from the list"),
    notes: optionalText(5000, "Notes"),
    externalId: externalIdSchema,
  });
export type SupplierSchema = ReturnType<typeof supplierSchemaFor>;
export type SupplierInput = z.output<SupplierSchema>;
export type SupplierFormValues = z.input<SupplierSchema>;

export const contactSchema = z.object({
  name: requiredText(200, "Enter the contact's name"),
  email: emailField,
  title: optionalText(200, "The title"),
  isPrimary: checkboxField,
  externalId: externalIdSchema,
});
export type ContactInput = z.output<typeof contactSchema>;
export type ContactFormValues = z.input<typeof contactSchema>;

export const componentSchema = z
  .object({
    kind: enumOf(COMPONENT_KINDS, "Choose what kind of component this is"),
    name: requiredText(200, "Enter the component's name"),
    version: optionalText(100, "The version"),
    modelFamily: optionalText(200, "The model family"),
    updateCadence: enumOf(UPDATE_CADENCES, "Choose how often it is updated"),
    updateIntervalDays: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v === undefined || v === "" ? null : v)),
    isGpai: checkboxField,
    dataResidency: optionalText(100, "Data residency"),
    description: optionalText(5000, "The description"),
    externalId: externalIdSchema,
  })
  .transform((value, ctx) => {
    if (value.updateCadence !== "interval") return { ...value, updateIntervalDays: null };
    // Digits only: Number() would also take "0x10", "1e1", "+16" and "16.0".
    const days = value.updateIntervalDays !== null && /^\d{1,4}$/.test(value.updateIntervalDays) ? Number(value.updateIntervalDays) : NaN;
    if (!Number.isInteger(days) || days < 1 || days > 3650) {
      ctx.addIssue({ code: "custom", path: ["updateIntervalDays"], message: "Enter a whole number of days between 1 and 3650" });
      return z.NEVER;
    }
    return { ...value, updateIntervalDays: days };
  });
export type ComponentInput = z.output<typeof componentSchema>;
export type ComponentFormValues = z.input<typeof componentSchema>;

export const systemSchema = z.object({
  name: requiredText(200, "Enter the system's name"),
  purpose: optionalText(2000, "The purpose"),
  ownerId: optionalUuid("Choose an owner from the list"),
  businessUnit: optionalText(200, "The business unit"),
  criticality: enumOf(CRITICALITIES, "Choose a criticality"),
  euAiActClass: enumOf(EU_AI_ACT_CLASSES, "Choose an EU AI Act class"),
  lifecycle: enumOf(LIFECYCLES, "Choose a lifecycle stage"),
  externalId: externalIdSchema,
});
export type SystemInput = z.output<typeof systemSchema>;
export type SystemFormValues = z.input<typeof systemSchema>;

export const dataCategoriesField = z
  .union([z.array(z.string()), z.string()])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : v.split(/[;|]/)).map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(z.enum(DATA_CATEGORIES, { error: `Use only: ${DATA_CATEGORIES.join(", ")}` })))
  .transform((v) => [...new Set(v)])
  .refine((v) => !(v.includes("none") && v.length > 1), "“None” cannot be combined with other categories");

export const dependencySchema = z.object({
  componentId: z
    .string({ error: "Choose a component" })
    .trim()
    .pipe(z.uuid({ error: "Choose a component" })),
  purpose: optionalText(1000, "The purpose"),
  dataCategories: dataCategoriesField,
  since: isoDate,
});
export type DependencyInput = z.output<typeof dependencySchema>;
export type DependencyFormValues = z.input<typeof dependencySchema>;
