// The methodology admin form: fields named by their path ("thresholds.A", "riskMatrix.high.C"),
// read either flat (a plain form post) or nested (react-hook-form in the browser), then checked by
// the one methodology schema, so a refusal names the same field in the browser and on the server.
import * as z from "zod";
import { DEFAULT_METHODOLOGY, methodologySchema, type Methodology } from "./methodology";

/** The form's own fields; anything else posted (the intent button, a stray field) is not part of the methodology. */
const FIELDS = /^(thresholds|domainWeights|riskMatrix|reassessmentMonths|multiDefault|expiredEvidenceFraction)(\.|$)/;
const NUMBER_FIELDS = /^(thresholds|domainWeights|reassessmentMonths)\.|^expiredEvidenceFraction$/;

function toNumber(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const text = value.trim().replace(",", ".");
  return text === "" ? undefined : Number(text);
}

/** Flat "a.b.c" keys (or an already nested object) to the methodology's nested shape, numbers parsed. */
export function methodologyFromForm(values: unknown): unknown {
  if (typeof values !== "object" || values === null) return values;
  const out: Record<string, unknown> = {};
  const put = (path: string, value: unknown) => {
    const keys = path.split(".");
    let node = out;
    for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
    node[keys[keys.length - 1]!] = NUMBER_FIELDS.test(path) ? toNumber(value) : value;
  };
  const walk = (prefix: string, value: unknown) => {
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walk(prefix ? `${prefix}.${k}` : k, v);
    } else put(prefix, value);
  };
  for (const [key, value] of Object.entries(values)) if (FIELDS.test(key)) walk(key, value);
  // The version is given when saved; the vendor rule has one choice and no field yet.
  return { ...out, version: DEFAULT_METHODOLOGY.version, vendorRule: out.vendorRule ?? DEFAULT_METHODOLOGY.vendorRule };
}

export const methodologyFormSchema = z.preprocess(methodologyFromForm, methodologySchema);

/** A methodology as the form's flat field values. */
export function methodologyFormValues(m: Methodology): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (prefix: string, value: unknown) => {
    if (typeof value === "object" && value !== null) for (const [k, v] of Object.entries(value)) walk(prefix ? `${prefix}.${k}` : k, v);
    else out[prefix] = String(value);
  };
  const { version: _version, vendorRule: _rule, ...fields } = m;
  walk("", fields);
  return out;
}
