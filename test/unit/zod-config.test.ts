import "../../app/forms/zod-config";
import * as z from "zod";
import { patchRouterSource } from "../../scripts/router-memo";
import fs from "node:fs";
import { createRequire } from "node:module";

describe("zod is configured jitless by app/forms/zod-config.ts", () => {
  it("zod reads the setting (z.config() returns it) and object schemas still parse", () => {
    expect(z.config().jitless).toBe(true);
    const schema = z.object({ name: z.string().min(1), count: z.coerce.number().int() });
    expect(schema.parse({ name: "a", count: "3" })).toEqual({ name: "a", count: 3 });
    expect(schema.safeParse({ name: "", count: "x" }).success).toBe(false);
  });
});

describe("the route-matching memo applied to @remix-run/router when the server is bundled", () => {
  const routerFile = createRequire(import.meta.url).resolve("@remix-run/router");
  const source = fs.readFileSync(routerFile, "utf8");

  it("patches the installed router, and matching gives the same matches from a remembered table", () => {
    const patched = patchRouterSource(source, routerFile);
    const module = { exports: {} as Record<string, unknown> };
    new Function("module", "exports", "require", patched)(module, module.exports, createRequire(routerFile));
    const { matchRoutes } = module.exports as { matchRoutes: (routes: unknown[], path: string) => { route: { id: string }; params: object }[] | null };
    const routes = [
      {
        id: "root",
        path: "",
        children: [
          { id: "a", path: "suppliers/:id" },
          { id: "b", path: "suppliers/new" },
          { id: "c", path: "*" },
        ],
      },
    ];
    for (let i = 0; i < 3; i += 1) {
      expect(matchRoutes(routes, "/suppliers/new")!.map((m) => m.route.id)).toEqual(["root", "b"]);
      expect(matchRoutes(routes, "/suppliers/42")!.at(-1)!.params).toEqual({ id: "42" });
      expect(matchRoutes(routes, "/else")!.at(-1)!.route.id).toBe("c");
    }
  });

  it("refuses to build when the router's text has changed", () => {
    expect(() => patchRouterSource(source.replace("let branches = flattenRoutes(routes);", "let branches = flatten(routes);"))).toThrow(/router-memo/);
  });
});
