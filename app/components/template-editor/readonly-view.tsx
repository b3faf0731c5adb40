// A version that can no longer change, read-only: each question with its type, scoring,
// condition and knock-outs.
import { describeCondition } from "~/domain/templates/conditions";
import { DOMAIN_LABELS, optionsOf, QUESTION_TYPE_LABELS, type TemplateDefinition } from "~/domain/templates/definition";

export function ReadOnlyDefinition({ definition, headingLevel = 3 }: { definition: TemplateDefinition; headingLevel?: 3 | 4 }) {
  const Heading = `h${headingLevel}` as "h3";
  return (
    <div className="ro">
      {definition.sections.map((section, s) => (
        <section className="ro-section" key={`${section.key}-${s}`} aria-labelledby={`ro-s${s}`}>
          <Heading id={`ro-s${s}`}>
            {s + 1}. {section.title} <span className="muted ro-key">({section.key})</span>
          </Heading>
          <p className="muted">{section.scope === "component" ? "Answered for each AI component" : "Answered once by the supplier"}</p>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Questions of {section.title}</caption>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">Question</th>
                  <th scope="col">Answer</th>
                  <th scope="col">Scoring</th>
                  <th scope="col">Shown when</th>
                  <th scope="col">Knock-outs</th>
                </tr>
              </thead>
              <tbody>
                {section.questions.map((q, i) => (
                  <tr key={`${q.key}-${i}`}>
                    <td className="nowrap">
                      {s + 1}.{i + 1}
                    </td>
                    <td>
                      <code>{q.key}</code> {q.prompt}
                      {q.required ? null : <span className="muted"> (optional)</span>}
                      {q.refs.length ? <div className="muted ro-refs">{q.refs.join(", ")}</div> : null}
                    </td>
                    <td>
                      {QUESTION_TYPE_LABELS[q.type]}
                      {optionsOf(q).length ? (
                        <div className="muted">
                          {optionsOf(q)
                            .map((o) => `${o.label} (${o.score})`)
                            .join(" · ")}
                        </div>
                      ) : null}
                      {q.evidence ? <div className="muted">Evidence: {q.evidence.request}</div> : null}
                    </td>
                    <td>
                      Weight {q.weight}
                      <div className="muted">{DOMAIN_LABELS[q.domain]}</div>
                    </td>
                    <td>{q.showIf ? describeCondition(q.showIf) : <span className="muted">Always</span>}</td>
                    <td>
                      {q.knockouts?.length ? (
                        <ul className="ro-list">
                          {q.knockouts.map((k, j) => (
                            <li key={j}>
                              {describeCondition(k.when)}: grade {k.gradeCap} at best ({k.severity}). {k.message}
                            </li>
                          ))}
                        </ul>
                      ) : (
                        <span className="muted">None</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </div>
  );
}
