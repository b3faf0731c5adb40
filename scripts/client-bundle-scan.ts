// What in a browser bundle would only work under Node: the Buffer and process globals, __dirname,
// and imports of Node's own modules. Remix's compiler refuses `import "node:x"` from client code,
// but a bare global such as `Buffer.from(…)` passes the build and throws in the browser.
// The patterns look at code as esbuild minifies it: a minifier renames locals but never to these
// names, and property accesses (`x.Buffer`) and longer names (`ArrayBuffer`, `isBuffer`) do not match.

export interface BundleFinding {
  file: string;
  what: string;
  excerpt: string;
}

const NODE_MODULES =
  "assert|async_hooks|buffer|child_process|cluster|crypto|dgram|dns|fs|fs/promises|http|http2|https|inspector|module|net|os|path|perf_hooks|process|readline|stream|string_decoder|tls|tty|url|util|v8|vm|worker_threads|zlib";

const CHECKS: Array<{ what: string; pattern: RegExp }> = [
  // A free `Buffer` identifier: not a property (`.Buffer`), not part of a longer name, not an object key or a string.
  { what: "the Node global Buffer", pattern: /(?<![\w$.'"`])Buffer(?=\s*(?:\.|\(|\[|\)|,|;|\?|&|\||}))/g },
  {
    what: "Node's process object",
    pattern: /(?<![\w$.])process\.(?:binding|cwd|argv|exit|nextTick|hrtime|memoryUsage|stdout|stderr|stdin|platform|pid|on)\b/g,
  },
  { what: "__dirname or __filename", pattern: /(?<![\w$.'"`])__(?:dirname|filename)\b/g },
  { what: "a node: module", pattern: /["'`]node:[a-z_/]+["'`]/g },
  {
    what: "a Node built-in module",
    pattern: new RegExp(`(?:\\bfrom\\s*|\\brequire\\(\\s*|\\bimport\\(\\s*)["'](?:${NODE_MODULES})["']`, "g"),
  },
];

/** Every reference to Node-only code in one bundle's source. */
export function findNodeReferences(file: string, source: string): BundleFinding[] {
  const findings: BundleFinding[] = [];
  for (const { what, pattern } of CHECKS) {
    for (const match of source.matchAll(pattern)) {
      const at = match.index ?? 0;
      findings.push({ file, what, excerpt: source.slice(Math.max(0, at - 60), at + 60).replace(/\s+/g, " ") });
    }
  }
  return findings;
}
