// Turning database constraint violations into messages a user can act on.
export function violatedConstraint(error: unknown, code = "23505"): string | null {
  const e = error as { code?: string; constraint?: string } | null;
  return e?.code === code ? (e.constraint ?? "") : null;
}
