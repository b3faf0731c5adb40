/**
 * Placeholder: the feature that owns this panel renders it. Its props declare the shape it
 * renders (dates as ISO strings, as loaders serialise them); the route passes the loader's data.
 */
export function CyclePanel(props: { assessmentId: string; data: null }) {
  void props;
  return null;
}
