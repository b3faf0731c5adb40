// A wide table's scrolling box: on a phone it scrolls sideways on its own instead of widening the
// page; named and focusable so keyboard users can scroll it too.
import type { ReactNode } from "react";

export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" role="region" aria-label={`${label} (scrolls sideways)`} tabIndex={0}>
      {children}
    </div>
  );
}
