import { findNodeReferences } from "../../scripts/client-bundle-scan";

const whats = (source: string) => findNodeReferences("x.js", source).map((f) => f.what);

describe("the client bundle scan", () => {
  it("finds Node globals and modules as esbuild leaves them in minified code", () => {
    expect(whats("var ee=Buffer.from([239,187,191]);")).toEqual(["the Node global Buffer"]);
    expect(whats("if(e instanceof Buffer)return 1")).toEqual(["the Node global Buffer"]);
    expect(whats('let t=process.binding("fs")')).toEqual(["Node's process object"]);
    expect(whats("var d=__dirname+'/x'")).toEqual(["__dirname or __filename"]);
    expect(whats('import{createHash as c}from"node:crypto";')).toEqual(["a node: module"]);
    expect(whats('var f=require("fs");')).toEqual(["a Node built-in module"]);
  });

  it("leaves alone names that only look alike", () => {
    const clean = [
      "let a=new ArrayBuffer(8),b=new SharedArrayBuffer(8);",
      "e.isBuffer(t)||t.Buffer;",
      '{Buffer:1,label:"Buffer overflow"}',
      'typeof process<"u"&&process.env.NODE_ENV;',
      "x.process.exit;",
      '"see node: the docs"',
    ].join("\n");
    expect(whats(clean)).toEqual([]);
  });
});
