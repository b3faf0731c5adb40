// What stops the template from being published, each problem with its path and a button that
// opens and focuses the field it is about.
import type { TemplateDefinition } from "~/domain/templates/definition";
import type { DefinitionProblem } from "~/domain/templates/validate";

const SHOWN = 60;

/** "Section 1 › Question 1.2 (uses_ai)" for a path, from the definition it is about. */
export function describePath(path: string, definition: TemplateDefinition | undefined): string {
  const m = /^sections\[(\d+)\](?:\.questions\[(\d+)\])?/.exec(path);
  if (!m) return "Template";
  const s = Number(m[1]);
  if (m[2] === undefined) return `Section ${s + 1}`;
  const q = Number(m[2]);
  const key = definition?.sections?.[s]?.questions?.[q]?.key;
  return `Question ${s + 1}.${q + 1}${key ? ` (${key})` : ""}`;
}

interface Props {
  problems: readonly DefinitionProblem[];
  /** What the server answered to the last save or publish, until the next change. */
  serverProblems?: readonly DefinitionProblem[] | null;
  definition?: TemplateDefinition;
  onSelect: (path: string) => void;
  id?: string;
}

export function ProblemsList({ problems, serverProblems, definition, onSelect, id = "problems" }: Props) {
  const extra = (serverProblems ?? []).filter((sp) => !problems.some((p) => p.path === sp.path && p.message === sp.message));
  const all = [...problems, ...extra];
  return (
    <section className={all.length ? "pl pl--problems" : "pl pl--ok"} aria-labelledby={`${id}-title`} id={id} tabIndex={-1}>
      <h2 id={`${id}-title`} className="pl-title">
        Problems
      </h2>
      <p className="pl-summary" aria-live="polite">
        {all.length === 0
          ? "No problems: this version can be published."
          : `${all.length === 1 ? "1 problem" : `${all.length} problems`} to fix before publishing.`}
      </p>
      {all.length ? (
        <ul className="pl-items">
          {all.slice(0, SHOWN).map((p, i) => (
            <li key={`${p.path}-${i}`}>
              <button type="button" className="pl-link" onClick={() => onSelect(p.path)}>
                <span className="pl-where">{describePath(p.path, definition)}</span>
                <span className="pl-message">{p.message}</span>
                <code className="pl-path">{p.path}</code>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {all.length > SHOWN ? <p className="muted">And {all.length - SHOWN} more; fix these first.</p> : null}
    </section>
  );
}
