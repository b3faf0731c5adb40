// The autosave machine (autosave.ts) wired to the browser: fetch and sendBeacon, online/offline,
// the warning before leaving with unsaved changes, the beacon when the tab goes away, and a flush
// when the page is left inside the app. One machine per mounted answering form.
import { useEffect, useState } from "react";
import { Autosave, type AutosaveEnv, type AutosaveOptions } from "./autosave";

export function browserEnv(): AutosaveEnv {
  const nav = typeof navigator === "undefined" ? null : navigator;
  return {
    fetch: (url, init) => fetch(url, init),
    sendBeacon: nav && typeof nav.sendBeacon === "function" ? (url, data) => nav.sendBeacon(url, data) : null,
    online: nav?.onLine !== false,
  };
}

/** Hooks the machine to the window; the returned function unhooks it and sends what is pending. */
export function attachToWindow(saver: Autosave): () => void {
  if (navigator.onLine === false) saver.setOnline(false);
  const online = () => saver.setOnline(true);
  const offline = () => saver.setOnline(false);
  const beforeUnload = (event: BeforeUnloadEvent) => {
    if (saver.hasUnsaved()) {
      event.preventDefault();
      event.returnValue = "";
    }
  };
  const pageHide = () => saver.pageHide();
  window.addEventListener("online", online);
  window.addEventListener("offline", offline);
  window.addEventListener("beforeunload", beforeUnload);
  window.addEventListener("pagehide", pageHide);
  saver.start();
  return () => {
    window.removeEventListener("online", online);
    window.removeEventListener("offline", offline);
    window.removeEventListener("beforeunload", beforeUnload);
    window.removeEventListener("pagehide", pageHide);
    // Leaving the page inside the app: what is still pending goes out now.
    saver.flushAll(true);
  };
}

/**
 * One machine for the component's life, and whether the page has hydrated (before that, the page
 * is a plain form). `options` gets the machine itself, for callbacks that read its state.
 */
export function useAutosave(options: (saver: () => Autosave) => AutosaveOptions): { saver: Autosave; hydrated: boolean } {
  const [saver] = useState(() => {
    let machine: Autosave | null = null;
    machine = new Autosave(
      options(() => machine!),
      browserEnv(),
    );
    return machine;
  });
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => {
    setHydrated(true);
    return attachToWindow(saver);
  }, [saver]);
  return { saver, hydrated };
}
