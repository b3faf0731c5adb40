// The coverage page's matrices: frameworks × sections as a summary, then for each framework (in a
// <details>) its controls × sections, each control opening onto the questions that cover it, by
// their prompt. Sections are numbered columns; the legend and each header name them in full.
import type { DefinitionCoverage, FrameworkCoverage } from "~/domain/templates/coverage";

type Sections = DefinitionCoverage["sections"];

/** "ISO42001:A.10.3" reads as "A.10.3" under the ISO/IEC 42001 heading. */
const shortId = (id: string) => id.slice(id.indexOf(":") + 1);

function SectionHeaders({ sections }: { sections: Sections }) {
  return (
    <>
      {sections.map((s, i) => (
        <th scope="col" key={s.key} className="coverage-matrix__section" title={s.title}>
          <span aria-hidden="true">{i + 1}</span>
          <span className="visually-hidden">{s.title}</span>
        </th>
      ))}
    </>
  );
}

function Count({ n }: { n: number }) {
  return n > 0 ? (
    <td className="coverage-matrix__count">{n}</td>
  ) : (
    <td className="coverage-matrix__count coverage-matrix__count--none">
      <span aria-hidden="true">·</span>
      <span className="visually-hidden">0</span>
    </td>
  );
}

export function SectionLegend({ sections }: { sections: Sections }) {
  return (
    <ol className="coverage-legend" aria-label="Sections (the numbered columns)">
      {sections.map((s) => (
        <li key={s.key}>
          {s.title} <span className="muted">({s.questions})</span>
        </li>
      ))}
    </ol>
  );
}

export function CoverageSummary({ coverage }: { coverage: Pick<DefinitionCoverage, "sections" | "frameworks" | "bySection" | "covered" | "total"> }) {
  return (
    <div className="table-wrap" role="region" aria-label="Controls covered by framework and section (scrolls sideways)" tabIndex={0}>
      <table className="coverage-matrix">
        <caption>Controls covered, by framework and section</caption>
        <thead>
          <tr>
            <th scope="col">Framework</th>
            <SectionHeaders sections={coverage.sections} />
            <th scope="col">Covered</th>
          </tr>
        </thead>
        <tbody>
          {coverage.frameworks.map((f) => (
            <tr key={f.framework.id} className={f.covered < f.total ? "coverage-gap" : undefined}>
              <th scope="row">
                <a href={`#fw-${f.framework.id}`}>{f.framework.name}</a>
              </th>
              {f.bySection.map((n, i) => (
                <Count key={i} n={n} />
              ))}
              <td className="nowrap">{`${f.covered} of ${f.total}`}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">All frameworks</th>
            {coverage.bySection.map((n, i) => (
              <Count key={i} n={n} />
            ))}
            <td className="nowrap">{`${coverage.covered} of ${coverage.total}`}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

export function FrameworkMatrix({ coverage, sections }: { coverage: FrameworkCoverage; sections: Sections }) {
  const { framework, controls, covered, total } = coverage;
  return (
    <details className="coverage-framework" id={`fw-${framework.id}`} open={covered < total}>
      <summary>
        <span className="coverage-framework__name">{framework.name}</span> <span className="muted">{`${covered} of ${total} controls covered`}</span>
      </summary>
      <div className="table-wrap" role="region" aria-label={`${framework.name}: controls by section (scrolls sideways)`} tabIndex={0}>
        <table className="coverage-matrix coverage-matrix--controls">
          <caption className="visually-hidden">{framework.name}: questions per control and section</caption>
          <thead>
            <tr>
              <th scope="col">Control</th>
              <SectionHeaders sections={sections} />
              <th scope="col">Questions</th>
            </tr>
          </thead>
          <tbody>
            {controls.map(({ control, questions, bySection }) => (
              <tr key={control.id} className={questions.length ? undefined : "coverage-gap"}>
                <th scope="row" className="coverage-control">
                  {questions.length ? (
                    <details>
                      <summary>
                        <span className="coverage-control__id">{shortId(control.id)}</span> {control.title}
                      </summary>
                      <ul className="coverage-questions">
                        {questions.map((q, i) => (
                          <li key={i}>
                            {q.prompt} <span className="muted">({q.section})</span>
                          </li>
                        ))}
                      </ul>
                    </details>
                  ) : (
                    <>
                      <span className="coverage-control__id">{shortId(control.id)}</span> {control.title}{" "}
                      <span className="badge badge--danger">Not covered</span>
                    </>
                  )}
                </th>
                {bySection.map((n, i) => (
                  <Count key={i} n={n} />
                ))}
                <td className="coverage-matrix__count">{questions.length}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
