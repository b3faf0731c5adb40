// Imported first by root.tsx, entry.client.tsx and entry.server.tsx, so it runs before any schema is
// built: zod 4 decides when an object schema is created whether it may compile a fast parser with
// `new Function`, and probes for that with `new Function("")`. The Content-Security-Policy forbids
// eval, so in the browser the probe logged a CSP violation on every page with a form. Jitless, zod
// never tries (docs/decisions/0033).
//
// This is z.config({ jitless: true }) without importing zod: zod keeps its configuration in
// globalThis.__zod_globalConfig (creating it if absent), so pages without a form do not load zod for
// it. test/unit/zod-config.test.ts checks that zod reads it.
const holder = globalThis as { __zod_globalConfig?: { jitless?: boolean } };
(holder.__zod_globalConfig ??= {}).jitless = true;

export {};
