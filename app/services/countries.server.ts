// The ISO country list for loaders and actions. A .server module, so Remix leaves it out of the
// browser bundles: routes reach the list through here, never by importing app/domain/countries.ts.
import { ISO_COUNTRIES } from "../domain/countries";
import { supplierSchemaFor } from "../domain/inventory-schemas";

export { COUNTRIES, countryLabel, countryName } from "../domain/countries";

/** The supplier form as the server checks it: against the full ISO list. */
export const supplierSchema = supplierSchemaFor(ISO_COUNTRIES);
