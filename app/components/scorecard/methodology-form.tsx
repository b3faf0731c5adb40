// The methodology editor: thresholds, domain weights, multi-choice default, expired-evidence
// fraction, the residual risk matrix and the reassessment cadences. Checked by the shared schema
// in the browser and again on the server; each refusal is shown next to its field.
import { Form, useNavigation } from "@remix-run/react";
import type { z } from "zod";
import { TextField, SelectField } from "~/components/field";
import { FormError } from "~/components/form-parts";
import type { FormFailure } from "~/forms/form-failure";
import { useValidatedForm } from "~/forms/validated-form";
import { methodologyFormSchema, methodologyFromForm } from "~/domain/scoring/methodology-form";
import { RISK_LEVELS } from "~/domain/scoring/methodology";
import { DOMAIN_LABELS, GRADES, MULTI_RULES, SCORING_DOMAINS } from "~/domain/templates/definition";

const MULTI_LABELS: Record<(typeof MULTI_RULES)[number], string> = {
  mean: "Mean of the chosen options' scores",
  min: "Lowest chosen option's score",
  max: "Highest chosen option's score",
  sum_capped: "Sum of the chosen options' scores, capped at 1",
};

const idOf = (name: string) => `m-${name.replace(/\./g, "-")}`;

// The shared schema takes form values flat or nested; the browser side sees it as a plain record.
const schema = methodologyFormSchema as unknown as z.ZodType<Record<string, unknown>, Record<string, unknown>>;

export function MethodologyForm({ values, failure, nextVersion }: { values: Record<string, string>; failure?: FormFailure | null; nextVersion: number }) {
  const shown = { ...values, ...((failure?.values as Record<string, string> | undefined) ?? {}) };
  const { register, onSubmit, errorFor } = useValidatedForm(schema, {
    defaultValues: methodologyFromForm(shown) as Record<string, unknown>,
    serverErrors: failure?.fieldErrors,
  });
  const busy = useNavigation().state !== "idle";
  const input = (name: string) => ({ ...register(name), defaultValue: shown[name] ?? "" });
  const number = (name: string, label: string, hint?: string) => (
    <TextField key={name} id={idOf(name)} label={label} hint={hint} inputMode="decimal" {...input(name)} error={errorFor(name)} />
  );
  return (
    <Form method="post" noValidate onSubmit={onSubmit} className="panel methodology-form">
      <input type="hidden" name="intent" value="save" />
      <FormError message={errorFor("form")} />

      <fieldset className="fieldset">
        <legend>Grade thresholds (lowest overall score for each grade; E is below D)</legend>
        <div className="form-grid">{(["A", "B", "C", "D"] as const).map((g) => number(`thresholds.${g}`, `Grade ${g} from`))}</div>
      </fieldset>

      <fieldset className="fieldset">
        <legend>Domain weights in the overall score (above 0; default 1 each)</legend>
        <div className="form-grid">{SCORING_DOMAINS.map((d) => number(`domainWeights.${d}`, DOMAIN_LABELS[d]))}</div>
      </fieldset>

      <fieldset className="fieldset">
        <legend>Answers</legend>
        <div className="form-grid">
          <SelectField
            id={idOf("multiDefault")}
            label="Multiple-choice questions without their own rule"
            options={MULTI_RULES.map((r) => ({ value: r, label: MULTI_LABELS[r] }))}
            {...input("multiDefault")}
            error={errorFor("multiDefault")}
          />
          {number(
            "expiredEvidenceFraction",
            "Points for expired evidence (0 to 1)",
            "A file question whose evidence expired before the scoring date earns this share of its points",
          )}
        </div>
      </fieldset>

      <fieldset className="fieldset">
        <legend>Residual risk: inherent risk of a component × its grade</legend>
        <div className="table-wrap">
          <table className="risk-matrix">
            <caption className="visually-hidden">Residual risk for each inherent risk (rows) and grade (columns)</caption>
            <thead>
              <tr>
                <th scope="col">Inherent risk</th>
                {GRADES.map((g) => (
                  <th scope="col" key={g}>
                    Grade {g}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {RISK_LEVELS.map((level) => (
                <tr key={level}>
                  <th scope="row">{level}</th>
                  {GRADES.map((g) => {
                    const name = `riskMatrix.${level}.${g}`;
                    const error = errorFor(name);
                    return (
                      <td key={g} className={error ? "field--invalid" : undefined}>
                        <select
                          id={idOf(name)}
                          aria-label={`Residual risk for ${level} inherent risk and grade ${g}`}
                          aria-invalid={error ? true : undefined}
                          aria-describedby={error ? `${idOf(name)}-error` : undefined}
                          {...input(name)}
                        >
                          <option value="">Choose…</option>
                          {RISK_LEVELS.map((r) => (
                            <option key={r} value={r}>
                              {r}
                            </option>
                          ))}
                        </select>
                        {error ? (
                          <p className="field__error" id={`${idOf(name)}-error`}>
                            {error}
                          </p>
                        ) : null}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </fieldset>

      <fieldset className="fieldset">
        <legend>Reassessment cadence (months between reviews, by inherent risk)</legend>
        <div className="form-grid">
          {RISK_LEVELS.map((level) => number(`reassessmentMonths.${level}`, `${level[0]!.toUpperCase()}${level.slice(1)} inherent risk`))}
        </div>
      </fieldset>

      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? "Saving…" : `Save as version ${nextVersion}`}
        </button>
      </div>
    </Form>
  );
}
