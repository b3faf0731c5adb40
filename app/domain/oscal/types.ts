// The small OSCAL shapes both exports share (OSCAL 1.0.4, JSON). Only the fields Assay fills in.
export interface OscalProperty {
  name: string;
  ns?: string;
  value: string;
  class?: string;
  remarks?: string;
}

export interface OscalLink {
  href: string;
  rel?: string;
  "media-type"?: string;
  text?: string;
}

export interface OscalPart {
  id?: string;
  name: string;
  ns?: string;
  class?: string;
  title?: string;
  props?: OscalProperty[];
  prose?: string;
  parts?: OscalPart[];
  links?: OscalLink[];
}

export interface OscalResource {
  uuid: string;
  title?: string;
  description?: string;
  props?: OscalProperty[];
  citation?: { text: string };
  rlinks?: Array<{ href: string; "media-type"?: string; hashes?: Array<{ algorithm: string; value: string }> }>;
}
