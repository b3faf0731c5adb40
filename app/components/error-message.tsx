// How a thrown response or error reads to a person: shared by the root page and the staff layout's boundary.
import { isRouteErrorResponse } from "@remix-run/react";

export function describeError(error: unknown): { title: string; message: string } {
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) return { title: "Page not found", message: "There is nothing at this address, or it is not yours to see." };
    if (error.status === 403) return { title: "Not allowed", message: "Your role does not give you access to this page. Ask an admin if you need it." };
    if (error.status === 429) return { title: "Too many requests", message: "Please wait a few minutes and try again." };
    return { title: `Error ${error.status}`, message: typeof error.data === "string" && error.data ? error.data : "The request could not be completed." };
  }
  return { title: "Something went wrong", message: "An unexpected error happened on our side. Please try again." };
}

/** The title, the explanation and a way back; the caller decides what surrounds it. */
export function ErrorMessage({ error }: { error: unknown }) {
  const { title, message } = describeError(error);
  return (
    <>
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        <a href="/">Go to the dashboard</a>
      </p>
    </>
  );
}
