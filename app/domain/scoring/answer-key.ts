// The key of one answer in a scorecard (component, or "" for the supplier level, and question), shared by the server view and the page.
export const answerKey = (componentId: string | null, questionKey: string) => `${componentId ?? ""}:${questionKey}`;
