// Turning database constraint violations into messages a user can act on.
export function violatedConstraint(error: unknown, code = "23505"): string | null {
  const e = error as { code?: string; constraint?: string } | null;
  return e?.code === code ? (e.constraint ?? "") : null;
}

/** A failed check, with the field it is about when there is one. */
export class InventoryError extends Error {
  constructor(
    readonly field: string | null,
    message: string,
    readonly status = 409,
  ) {
    super(message);
  }
}

export function notFound(what = "Not found"): Response {
  return new Response(what, { status: 404, statusText: "Not Found" });
}
