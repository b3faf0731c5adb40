import type { DefinitionProblem } from "~/domain/templates/validate";

/** Problems named by their path in a template, as a table; the first `problems` of `total`. */
export function ProblemTable({ problems, total, caption }: { problems: readonly DefinitionProblem[]; total: number; caption: string }) {
  return (
    <>
      <div className="table-wrap">
        <table className="problem-table">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Path</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {problems.map((p, i) => (
              <tr key={i}>
                <td>
                  <code>{p.path}</code>
                </td>
                <td>{p.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {total > problems.length ? (
        <p>
          Showing the first {problems.length} of {total} problems.
        </p>
      ) : null}
    </>
  );
}
