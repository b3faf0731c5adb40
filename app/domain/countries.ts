// The kept list of countries: ISO 3166-1 from i18n-iso-countries (English names and their
// aliases, alpha-2 and alpha-3 codes). The server and the CSV import check countries against it;
// the supplier form gets the options from its loader, so the list stays out of the browser bundle.
import isoCountries from "i18n-iso-countries";
import en from "i18n-iso-countries/langs/en.json";
import { countryLookup, type CountryOption } from "./country-match";

isoCountries.registerLocale(en);

/** Every country, by name: the name shown is the first English name ("Germany", "United States of America"). */
export const COUNTRIES: readonly CountryOption[] = Object.entries(isoCountries.getNames("en", { select: "all" }))
  .map(([code, names]) => {
    const [name, ...aliases] = names;
    const alpha3 = isoCountries.alpha2ToAlpha3(code);
    return { code, name: name!, aliases: alpha3 ? [...aliases, alpha3] : aliases };
  })
  .sort((a, b) => a.name.localeCompare(b.name, "en"));

const iso = countryLookup(COUNTRIES);

/** The lookup over the full list (for schemas and imports). */
export const ISO_COUNTRIES = iso;

/** The alpha-2 code for "Germany", "germany", "DE", "DEU", "Cote d'Ivoire"…; null for anything else. */
export const countryCode = (text: string): string | null => iso.codeOf(text);

/** "Germany" for "DE"; the code itself if the list does not know it (never blank). */
export const countryName = (code: string): string => iso.nameOf(code) ?? code;

/** "Germany (DE)": where the code helps (a list a user may sort or export by code). */
export const countryLabel = (code: string): string => {
  const name = iso.nameOf(code);
  return name ? `${name} (${code.toUpperCase()})` : code;
};
