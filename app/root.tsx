import type { LinksFunction, MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError } from "@remix-run/react";
import type { ReactNode } from "react";
import { useNonce } from "./components/nonce";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: "/styles/app.css" },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Assay" }];

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { title, message } = describeError(error);
  return (
    <main id="main" className="error-page">
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        <a href="/">Go to the dashboard</a>
      </p>
    </main>
  );
}

export function describeError(error: unknown): { title: string; message: string } {
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) return { title: "Page not found", message: "There is nothing at this address, or it is not yours to see." };
    if (error.status === 403) return { title: "Not allowed", message: "Your role does not give you access to this page. Ask an admin if you need it." };
    if (error.status === 429) return { title: "Too many requests", message: "Please wait a few minutes and try again." };
    return { title: `Error ${error.status}`, message: typeof error.data === "string" && error.data ? error.data : "The request could not be completed." };
  }
  return { title: "Something went wrong", message: "An unexpected error happened on our side. Please try again." };
}
