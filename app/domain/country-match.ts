// Matching what someone typed for a country ("Germany", "de", "Côte d'Ivoire", "USA") to its
// ISO 3166-1 alpha-2 code, over a list of countries passed in. Pure and free of the ISO list
// itself, so the browser can check the supplier form against the options the page already sent
// (see app/domain/countries.ts for the full list the server uses).

export interface CountryOption {
  /** ISO 3166-1 alpha-2, upper case. */
  code: string;
  /** The name shown: "Germany". */
  name: string;
  /** Other names and codes that mean the same country: "Deutschland", "DEU", "USA". */
  aliases: readonly string[];
}

export interface CountryLookup {
  /** The alpha-2 code for a code or a name, ignoring case, accents and punctuation; null when unknown or ambiguous. */
  codeOf(text: string): string | null;
  /** The name of an alpha-2 code; null when unknown. */
  nameOf(code: string): string | null;
}

/** Lower case without accents, "&" read as "and", dots and apostrophes dropped, other punctuation as spaces. */
export function normalizeCountryText(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[.'’`ʼ]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

export function countryLookup(options: readonly CountryOption[]): CountryLookup {
  const codes = new Map<string, string>();
  const byText = new Map<string, Set<string>>();
  const add = (text: string, code: string) => {
    const key = normalizeCountryText(text);
    if (key === "") return;
    const set = byText.get(key) ?? new Set<string>();
    set.add(code);
    byText.set(key, set);
  };
  for (const o of options) {
    codes.set(o.code.toUpperCase(), o.name);
    add(o.name, o.code.toUpperCase());
    for (const alias of o.aliases) add(alias, o.code.toUpperCase());
  }
  // Codes win over names ("US" is a code and an alias of the same country); a name shared by two
  // countries ("Congo") matches neither.
  const matches = new Map<string, string>();
  for (const [key, set] of byText) if (set.size === 1) matches.set(key, [...set][0]!);
  for (const code of codes.keys()) matches.set(code.toLowerCase(), code);
  return {
    codeOf: (text) => matches.get(normalizeCountryText(text)) ?? null,
    nameOf: (code) => codes.get(code.toUpperCase()) ?? null,
  };
}
