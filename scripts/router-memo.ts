// The patch scripts/build-server.ts applies to @remix-run/router when it bundles the server (see
// docs/decisions/0031-compiled-server-and-memoised-route-matching.md). Both memos keep what the
// router computes from its inputs alone:
// - the flattened, ranked branches of a route array, per array (a WeakMap: route arrays the server
//   builds per request are forgotten with the request). The server never changes a route array
//   after building it; the browser's lazy route discovery does, but the browser bundle is not patched.
// - the regular expression and parameter names compiled from a route path (a bounded Map).
const BRANCHES_BEFORE = "  let branches = flattenRoutes(routes);\n  rankRouteBranches(branches);\n";
const BRANCHES_AFTER = "  let branches = __assayRankedBranches(routes);\n";
const COMPILE_BEFORE = "function compilePath(path, caseSensitive, end) {";
const COMPILE_AFTER = "function __assayCompilePathUncached(path, caseSensitive, end) {";

const HELPERS = `
// ---- added by scripts/router-memo.ts ----
const __assayBranches = new WeakMap();
function __assayRankedBranches(routes) {
  let branches = __assayBranches.get(routes);
  if (branches === undefined) {
    branches = flattenRoutes(routes);
    rankRouteBranches(branches);
    __assayBranches.set(routes, branches);
  }
  return branches;
}
const __assayCompiled = new Map();
function compilePath(path, caseSensitive, end) {
  const key = (caseSensitive ? "1" : "0") + (end === false ? "0" : "1") + path;
  let compiled = __assayCompiled.get(key);
  if (compiled === undefined) {
    compiled = __assayCompilePathUncached(path, caseSensitive, end);
    if (__assayCompiled.size >= 2000) __assayCompiled.clear();
    __assayCompiled.set(key, compiled);
  }
  return compiled;
}
`;

/** The router's source with both memos; throws when the text to replace is not found exactly once. */
export function patchRouterSource(source: string, file = "@remix-run/router"): string {
  for (const needle of [BRANCHES_BEFORE, COMPILE_BEFORE]) {
    const count = source.split(needle).length - 1;
    if (count !== 1) throw new Error(`router-memo: expected one "${needle.trim().split("\n")[0]}" in ${file}, found ${count}: update scripts/router-memo.ts`);
  }
  return source.replace(BRANCHES_BEFORE, BRANCHES_AFTER).replace(COMPILE_BEFORE, COMPILE_AFTER) + HELPERS;
}
