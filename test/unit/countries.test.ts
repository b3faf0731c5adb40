import fc from "fast-check";
import { COUNTRIES, countryCode, countryLabel, countryName, ISO_COUNTRIES } from "../../app/domain/countries";
import { countryLookup, normalizeCountryText } from "../../app/domain/country-match";
import { COUNTRY_MESSAGE, supplierSchemaFor } from "../../app/domain/inventory-schemas";
import { SEED_SUPPLIERS } from "../../db/seed-data";

const codes = COUNTRIES.map((c) => c.code);
const names = COUNTRIES.flatMap((c) => [c.name, ...c.aliases].map((name) => ({ code: c.code, name })));
/** Names two countries share ("Congo") mean neither. */
const codesByName = new Map<string, Set<string>>();
for (const n of names) codesByName.set(normalizeCountryText(n.name), (codesByName.get(normalizeCountryText(n.name)) ?? new Set()).add(n.code));
const shared = new Set([...codesByName].filter(([, set]) => set.size > 1).map(([key]) => key));

/** Upper or lower case letters at random, and accents stripped or kept, the way people type. */
const retyped = (text: string) =>
  fc
    .array(fc.boolean(), { minLength: text.length, maxLength: text.length })
    .chain((upper) =>
      fc
        .constantFrom(text, text.normalize("NFD").replace(/\p{M}/gu, ""))
        .map((t) => [...t].map((ch, i) => (upper[i] ? ch.toUpperCase() : ch.toLowerCase())).join("")),
    );

describe("countries", () => {
  it("keeps the ISO 3166-1 list: 249 or more countries, each with a unique two-letter code and a name", () => {
    expect(COUNTRIES.length).toBeGreaterThanOrEqual(249);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of COUNTRIES) {
      expect(c.code).toMatch(/^[A-Z]{2}$/);
      expect(c.name.trim()).not.toBe("");
    }
  });

  it("reads names, aliases and codes in any case, with or without accents", () => {
    expect(countryCode("Germany")).toBe("DE");
    expect(countryCode("germany")).toBe("DE");
    expect(countryCode("  GERMANY ")).toBe("DE");
    expect(countryCode("de")).toBe("DE");
    expect(countryCode("DEU")).toBe("DE");
    expect(countryCode("Georgia")).toBe("GE");
    expect(countryCode("GE")).toBe("GE");
    expect(countryCode("United States")).toBe("US");
    expect(countryCode("USA")).toBe("US");
    expect(countryCode("U.S.A.")).toBe("US");
    expect(countryCode("UK")).toBe("GB");
    expect(countryCode("Cote d'Ivoire")).toBe("CI");
    expect(countryCode("Côte d’Ivoire")).toBe("CI");
    expect(countryCode("CURACAO")).toBe("CW");
    expect(countryCode("turkey")).toBe("TR");
    expect(countryCode("Türkiye")).toBe("TR");
    expect(countryCode("Bosnia & Herzegovina")).toBe("BA");
  });

  it("refuses anything that is not a code or a name, and a name two countries share", () => {
    for (const text of ["Narnia", "Ger", "ZZ", "XK1", "", "   ", "Congo", "Europe", "D E U T S C H"]) expect(countryCode(text)).toBeNull();
    expect(countryCode("Republic of the Congo")).toBe("CG");
    expect(countryCode("Democratic Republic of the Congo")).toBe("CD");
  });

  it("names a code, with the code where it helps, and never returns blank", () => {
    expect(countryName("DE")).toBe("Germany");
    expect(countryName("ge")).toBe("Georgia");
    expect(countryLabel("DE")).toBe("Germany (DE)");
    expect(countryName("ZZ")).toBe("ZZ");
    expect(countryLabel("ZZ")).toBe("ZZ");
  });

  it("every code round-trips, however it is typed", () => {
    fc.assert(
      fc.property(fc.constantFrom(...codes), fc.boolean(), (code, lower) => {
        expect(countryCode(lower ? code.toLowerCase() : code)).toBe(code);
        expect(countryCode(countryName(code))).toBe(code);
      }),
      { numRuns: 500 },
    );
  });

  it("every name and alias round-trips to its own code, in any case, with or without accents (except names two countries share)", () => {
    const unambiguous = names.filter((n) => !shared.has(normalizeCountryText(n.name)));
    expect(unambiguous.length).toBeGreaterThan(codes.length);
    for (const n of unambiguous) expect(countryCode(n.name)).toBe(n.code);
    fc.assert(
      fc.property(
        fc.constantFrom(...unambiguous).chain((n) => retyped(n.name).map((typed) => ({ ...n, typed }))),
        ({ code, typed }) => {
          expect(countryCode(typed)).toBe(code);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("answers only with codes on the list, and refuses random text that is not a name", () => {
    const known = new Set(names.map((n) => normalizeCountryText(n.name)).concat(codes.map((c) => c.toLowerCase())));
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (text) => {
        const code = countryCode(text);
        if (code === null) return;
        expect(codes).toContain(code);
        expect(known.has(normalizeCountryText(text))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it("holds every country the demo seed uses", () => {
    for (const s of SEED_SUPPLIERS) expect(countryCode(s.country)).toBe(s.country);
  });

  it("matches over any list passed in, as the browser does with the options its page was sent", () => {
    const lookup = countryLookup([{ code: "DE", name: "Germany", aliases: ["Deutschland"] }]);
    expect(lookup.codeOf("deutschland")).toBe("DE");
    expect(lookup.codeOf("de")).toBe("DE");
    expect(lookup.codeOf("France")).toBeNull();
    expect(lookup.nameOf("de")).toBe("Germany");
  });
});

describe("the supplier schema's country", () => {
  const schema = supplierSchemaFor(ISO_COUNTRIES);
  const parse = (country: string) => schema.safeParse({ name: "Acme", status: "active", country });

  it("stores the code of a name or a code, and nothing for an empty field", () => {
    expect(parse("Germany")).toMatchObject({ success: true, data: { country: "DE" } });
    expect(parse("de")).toMatchObject({ success: true, data: { country: "DE" } });
    expect(parse("Georgia")).toMatchObject({ success: true, data: { country: "GE" } });
    expect(parse("")).toMatchObject({ success: true, data: { country: null } });
    expect(schema.safeParse({ name: "Acme", status: "active" })).toMatchObject({ success: true, data: { country: null } });
  });

  it("refuses an unknown country with a message that says what to do", () => {
    for (const text of ["Narnia", "Ge rmany", "x".repeat(150)]) {
      const result = parse(text);
      expect(result.success).toBe(false);
      expect(result.error!.issues).toEqual([expect.objectContaining({ path: ["country"], message: COUNTRY_MESSAGE })]);
    }
    expect(COUNTRY_MESSAGE).toBe("Choose a country from the list, e.g. Germany or DE");
  });
});
