import type { ReactNode } from "react";

/** The frame of pages seen before sign-in: sign-in, magic links, dev mailbox. */
export function PublicPage({ title, children, wide = false }: { title: string; children: ReactNode; wide?: boolean }) {
  return (
    <div className="public">
      <header className="public__header">
        <a href="/" className="brand">
          Assay
        </a>
      </header>
      <main id="main" className={wide ? "public__main public__main--wide" : "public__main"}>
        <h1>{title}</h1>
        {children}
      </main>
    </div>
  );
}
