// The autosave machine (autosave.ts) wired to the browser: fetch and sendBeacon, online/offline,
// the warning before leaving with unsaved changes, the beacon when the tab goes away, and a flush
// when the page is left inside the app; and what was saved elsewhere is fetched when the window
// comes back into view or focus, or another tab of this browser saves (a BroadcastChannel).
// One machine per mounted answering form.
import { useEffect, useState } from "react";
import { Autosave, type AutosaveEnv, type AutosaveOptions } from "./autosave";

export function browserEnv(): AutosaveEnv {
  const nav = typeof navigator === "undefined" ? null : navigator;
  return {
    fetch: (url, init) => fetch(url, init),
    sendBeacon: nav && typeof nav.sendBeacon === "function" ? (url, data) => nav.sendBeacon(url, data) : null,
    online: nav?.onLine !== false,
    load: (url) => fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" }),
  };
}

/**
 * Hooks the machine to the window; the returned function unhooks it and sends what is pending.
 * `channel` names the page's BroadcastChannel: the tabs of one questionnaire tell each other of saves.
 */
export function attachToWindow(saver: Autosave, channel?: string): () => void {
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
  const pageShow = (event: PageTransitionEvent) => {
    if (event.persisted) refresh(); // back from the browser's page cache
  };
  const refresh = () => void saver.refresh();
  const visibility = () => {
    if (document.visibilityState === "visible") refresh();
  };
  const broadcast = channel && typeof BroadcastChannel === "function" ? new BroadcastChannel(channel) : null;
  if (broadcast) {
    broadcast.onmessage = refresh;
    saver.announce = () => broadcast.postMessage("saved");
  }
  window.addEventListener("focus", refresh);
  window.addEventListener("pageshow", pageShow);
  document.addEventListener("visibilitychange", visibility);
  window.addEventListener("online", online);
  window.addEventListener("offline", offline);
  window.addEventListener("beforeunload", beforeUnload);
  window.addEventListener("pagehide", pageHide);
  saver.start();
  return () => {
    window.removeEventListener("focus", refresh);
    window.removeEventListener("pageshow", pageShow);
    document.removeEventListener("visibilitychange", visibility);
    saver.announce = null;
    broadcast?.close();
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
export function useAutosave(options: (saver: () => Autosave) => AutosaveOptions, channel?: string): { saver: Autosave; hydrated: boolean } {
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
    return attachToWindow(saver, channel);
  }, [saver, channel]);
  return { saver, hydrated };
}
