// A country picker that works without JavaScript: a text input with a <datalist> of the kept
// ISO names, so typing "Ger" offers Germany; a code ("DE") or another name ("Deutschland", "USA")
// is accepted too, and anything else is refused by the form's schema.
import { forwardRef, type InputHTMLAttributes } from "react";
import type { CountryOption } from "~/domain/country-match";
import { TextField } from "../field";

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, "list"> & { countries: readonly CountryOption[]; error?: string | null };

export const CountryField = forwardRef<HTMLInputElement, Props>(function CountryField({ countries, error, ...input }, ref) {
  return (
    <>
      <TextField
        id="country"
        ref={ref}
        label="Country"
        hint="Type a name or a two-letter code and pick from the list, like Germany or DE"
        autoComplete="off"
        maxLength={100}
        list="country-options"
        error={error}
        {...input}
      />
      <datalist id="country-options">
        {countries.map((c) => (
          <option key={c.code} value={c.name} label={c.code} />
        ))}
      </datalist>
    </>
  );
});
