// The question bank of one template version as an OSCAL 1.0.4 catalog (docs/decisions/0026):
// sections become groups, questions become controls (statement = the question, guidance = its help
// text, answer options as statement items), and framework references (ISO/IEC 42001, EU AI Act,
// NIST AI RMF …) become properties plus links to back-matter resources naming the control cited.
import { FRAMEWORKS } from "../templates/frameworks";
import { DOMAIN_LABELS, optionsOf, QUESTION_TYPE_LABELS, type TemplateDefinition } from "../templates/definition";
import { ASSAY_OSCAL_NS, dateTime, OSCAL_VERSION, singleLine, TokenRegistry, toToken, uuidsFor } from "./ids";
import type { OscalLink, OscalPart, OscalProperty, OscalResource } from "./types";

export interface CatalogInput {
  templateId: string;
  versionId: string;
  templateName: string;
  version: number;
  status: string;
  definition: TemplateDefinition;
  /** When the version last changed (published, else updated). */
  lastModified: Date;
  publishedAt: Date | null;
}

export interface OscalControl {
  id: string;
  class: string;
  title: string;
  props?: OscalProperty[];
  links?: OscalLink[];
  parts?: OscalPart[];
}

export interface OscalGroup {
  id: string;
  class: string;
  title: string;
  props?: OscalProperty[];
  parts?: OscalPart[];
  controls?: OscalControl[];
}

export interface OscalCatalogDocument {
  catalog: {
    uuid: string;
    metadata: {
      title: string;
      "last-modified": string;
      published?: string;
      version: string;
      "oscal-version": string;
      props?: OscalProperty[];
    };
    groups?: OscalGroup[];
    "back-matter"?: { resources: OscalResource[] };
  };
}

/** A question's control id and its parts' ids, unique in the document; the assessment results reuse them. */
export interface ControlIds {
  groups: Map<string, string>;
  controls: Map<string, string>;
  statements: Map<string, string>;
  guidance: Map<string, string>;
}

/** Ids in document order: groups and controls first claim their own key, then the parts theirs. */
export function controlIds(definition: TemplateDefinition): ControlIds {
  const registry = new TokenRegistry();
  const ids: ControlIds = { groups: new Map(), controls: new Map(), statements: new Map(), guidance: new Map() };
  for (const section of definition.sections) ids.groups.set(section.key, registry.claim(`s-${section.key}`));
  for (const section of definition.sections) {
    for (const q of section.questions) if (!ids.controls.has(q.key)) ids.controls.set(q.key, registry.claim(q.key));
  }
  for (const [key, id] of ids.controls) {
    ids.statements.set(key, registry.claim(`${id}_smt`));
    ids.guidance.set(key, registry.claim(`${id}_gdn`));
  }
  return ids;
}

export const prop = (name: string, value: string | number | boolean | null | undefined, extra: Omit<OscalProperty, "name" | "value"> = {}): OscalProperty[] => {
  const text = value === null || value === undefined ? null : singleLine(String(value));
  return text === null ? [] : [{ name, ns: ASSAY_OSCAL_NS, value: text, ...extra }];
};

/** Only non-empty arrays: OSCAL's arrays have minItems 1. */
export function some<K extends string, T>(key: K, items: readonly T[]): Partial<Record<K, T[]>> {
  return items.length ? ({ [key]: [...items] } as Record<K, T[]>) : {};
}

/** The framework a reference belongs to, by its prefix ("ISO42001:A.7.5" → ISO/IEC 42001). */
function frameworkOf(ref: string) {
  return FRAMEWORKS.find((f) => ref.startsWith(`${f.id}:`)) ?? null;
}

function referenceTitle(ref: string): string {
  const framework = frameworkOf(ref);
  const control = framework?.controls.find((c) => c.id === ref);
  return control
    ? `${framework!.name} ${ref.slice(framework!.id.length + 1)}: ${control.title}`
    : framework
      ? `${framework.name} ${ref.slice(framework.id.length + 1)}`
      : ref;
}

export function catalog(input: CatalogInput): OscalCatalogDocument {
  const uuid = uuidsFor(`template-version:${input.versionId}`);
  const ids = controlIds(input.definition);
  const resources = new Map<string, OscalResource>();
  const resourceFor = (ref: string) => {
    let resource = resources.get(ref);
    if (!resource) {
      const framework = frameworkOf(ref);
      resource = {
        uuid: uuid(`reference:${ref}`),
        title: referenceTitle(ref),
        ...some("props", [...prop("framework", framework?.id), ...prop("reference", ref)]),
        citation: { text: ref },
      };
      resources.set(ref, resource);
    }
    return resource;
  };

  const groups: OscalGroup[] = input.definition.sections.map((section) => {
    const controls: OscalControl[] = section.questions.map((q) => {
      const id = ids.controls.get(q.key)!;
      const options = optionsOf(q);
      const statement: OscalPart = {
        id: ids.statements.get(q.key)!,
        name: "statement",
        prose: q.prompt,
        ...some(
          "parts",
          options.map((o) => ({ name: "item", ...some("props", prop("option-value", o.value)), prose: o.label })),
        ),
      };
      const parts: OscalPart[] = [statement];
      if (q.help) parts.push({ id: ids.guidance.get(q.key)!, name: "guidance", prose: q.help });
      if (q.evidence) parts.push({ name: "assessment-objective", title: "Evidence requested", prose: q.evidence.request });
      const refs = [...new Set(q.refs)];
      return {
        id,
        class: "question",
        title: q.prompt,
        props: [
          { name: "label", value: q.key },
          ...prop("question-key", q.key),
          ...prop("question-type", q.type, { remarks: QUESTION_TYPE_LABELS[q.type] }),
          ...prop("scope", section.scope),
          ...prop("domain", q.domain, { remarks: DOMAIN_LABELS[q.domain] }),
          ...prop("required", q.required),
          ...prop("weight", q.weight),
          ...prop("knock-out", q.knockouts?.length ? true : null),
          ...prop("unit", q.unit),
          ...refs.flatMap((ref) => prop("framework-reference", ref, frameworkOf(ref) ? { class: toToken(frameworkOf(ref)!.id) } : {})),
        ],
        ...some(
          "links",
          refs.map((ref) => ({ href: `#${resourceFor(ref).uuid}`, rel: "reference", text: ref })),
        ),
        parts,
      };
    });
    return {
      id: ids.groups.get(section.key)!,
      class: "section",
      title: section.title,
      props: [...prop("section-key", section.key), ...prop("scope", section.scope)],
      ...some("parts", section.description ? [{ name: "overview", prose: section.description }] : []),
      ...some("controls", controls),
    };
  });

  const metadataProps = [...prop("template-id", input.templateId), ...prop("template-version-id", input.versionId), ...prop("template-status", input.status)];
  return {
    catalog: {
      uuid: uuid(`catalog:${dateTime(input.lastModified)}`),
      metadata: {
        title: `${input.definition.title || input.templateName} (version ${input.version})`,
        ...(input.publishedAt ? { published: dateTime(input.publishedAt) } : {}),
        "last-modified": dateTime(input.lastModified),
        version: String(input.version),
        "oscal-version": OSCAL_VERSION,
        ...some("props", metadataProps),
      },
      ...some("groups", groups),
      ...(resources.size ? { "back-matter": { resources: [...resources.values()] } } : {}),
    },
  };
}
