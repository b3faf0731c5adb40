// The pure parts of strict input handling: storable text, the urlencoded text check, the content
// type gate, form parsing, condition depth, strict numbers and revisions, fatal UTF-8 decoding.
import { Readable } from "node:stream";
import { z } from "zod";
import { parseRevision } from "~/components/vendor/answer-form-model";
import { valueFromInput } from "~/domain/answers";
import { componentSchema } from "~/domain/inventory-schemas";
import { isStorableText, storableJson, unstorablePath } from "~/domain/storable-text";
import { conditionDepth, MAX_CONDITION_DEPTH } from "~/domain/templates/conditions";
import { conditionSchema, type Question } from "~/domain/templates/definition";
import { decodeTemplateFile } from "~/domain/templates/envelope";
import { EMPTY_FORM_MESSAGE, parseFormData, REPEATED_FIELD_MESSAGE } from "~/forms/parse";
import { checkContentType } from "~/server/content-type.server";
import { UrlEncodedTextCheck } from "~/server/form-encoding.server";
import { checkOrigin } from "~/server/origin";

describe("storable text", () => {
  it("refuses NUL and unpaired surrogates, keeps everything else", () => {
    for (const ok of ["", "plain", "café ✓", "emoji 😀", "\ufffd", "tab\tnew\nline"]) expect(isStorableText(ok), ok).toBe(true);
    for (const bad of ["a\u0000b", "\ud800", "x\udc00", "\ud83d", "\ude00x"]) expect(isStorableText(bad), JSON.stringify(bad)).toBe(false);
  });
  it("finds the path of the first unstorable string or key in JSON", () => {
    expect(unstorablePath({ a: [1, "ok", { b: "x\u0000" }] })).toEqual(["a", 2, "b"]);
    expect(unstorablePath({ "k\ud800": 1 })).toEqual(["k\ud800"]);
    expect(unstorablePath({ a: "fine" })).toBeNull();
    const checked = storableJson(z.object({ value: z.unknown() })).safeParse({ value: ["\udc00"] });
    expect(checked.success).toBe(false);
    expect(checked.error?.issues[0]?.path).toEqual(["value", 0]);
  });
});

async function runCheck(body: Buffer | string, chunkSize = 3): Promise<{ ok: boolean; field?: string }> {
  const bytes = Buffer.from(body);
  const chunks = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  let field: string | undefined;
  const check = new UrlEncodedTextCheck((f) => (field = f));
  try {
    for await (const _ of Readable.from(chunks).pipe(check)) void _;
    return { ok: true };
  } catch {
    return { ok: false, field };
  }
}

describe("the urlencoded text check", () => {
  it("passes ordinary forms, whatever the chunking", async () => {
    for (const size of [1, 2, 3, 64]) {
      expect(await runCheck("name=Caf%C3%A9+%E2%9C%93&x=%25&y=100%&z=%zz&e=", size)).toEqual({ ok: true });
      expect(await runCheck(Buffer.from("name=Café ✓&emoji=😀"), size)).toEqual({ ok: true });
    }
  });
  it("refuses NUL, invalid UTF-8 and encoded surrogates, naming the field", async () => {
    expect(await runCheck("a=1&name=x%00y")).toEqual({ ok: false, field: "name" });
    expect(await runCheck("notes=half%ED%A0%80")).toEqual({ ok: false, field: "notes" });
    expect(await runCheck(Buffer.concat([Buffer.from("title=ab"), Buffer.from([0xff])]))).toEqual({ ok: false, field: "title" });
    expect(await runCheck("cut=%C3")).toEqual({ ok: false, field: "cut" });
    expect(await runCheck("cut=%C3&next=1")).toEqual({ ok: false, field: "cut" });
    expect((await runCheck("na%00me=1")).ok).toBe(false);
  });
});

describe("the content type gate", () => {
  it("lets safe methods and forms through, JSON only to the answers API", () => {
    expect(checkContentType("GET", "/suppliers/new", undefined).ok).toBe(true);
    expect(checkContentType("POST", "/suppliers/new", "application/x-www-form-urlencoded;charset=UTF-8").ok).toBe(true);
    expect(checkContentType("POST", "/suppliers/new", "multipart/form-data; boundary=abc").ok).toBe(true);
    expect(checkContentType("POST", "/v/a/123/answers", "application/json; charset=utf-8").ok).toBe(true);
  });
  it("refuses other types, none, a multipart body without a boundary, and forms to the JSON API", () => {
    expect(checkContentType("POST", "/suppliers/new", "application/json")).toMatchObject({ ok: false, status: 415 });
    expect(checkContentType("POST", "/suppliers/new", "text/plain")).toMatchObject({ ok: false, status: 415 });
    expect(checkContentType("POST", "/logout", undefined)).toMatchObject({
      ok: false,
      status: 415,
      message: expect.stringContaining("without a Content-Type"),
    });
    expect(checkContentType("POST", "/suppliers/new", "multipart/form-data")).toMatchObject({ ok: false, status: 400 });
    expect(checkContentType("POST", "/v/a/123/answers", "application/x-www-form-urlencoded")).toMatchObject({ ok: false, status: 415 });
  });

  it("leaves upload routes to their own form reader, which answers with the page and its message", () => {
    for (const path of ["/templates", "/inventory/csv", "/v/a/123/evidence", "/templates/1/versions/2/edit"]) {
      expect(checkContentType("POST", path, "text/plain")).toEqual({ ok: true });
    }
  });
});

describe("form parsing", () => {
  const schema = z.object({ name: z.string().min(1), tags: z.array(z.string()).optional() });
  const form = (pairs: Array<[string, string]>) => {
    const f = new FormData();
    for (const [k, v] of pairs) f.append(k, v);
    return f;
  };
  it("refuses unstorable text with a field error", () => {
    expect(parseFormData(schema, form([["name", "a\u0000"]]))).toMatchObject({ ok: false, fieldErrors: { name: expect.stringContaining("cannot be stored") } });
  });
  it("refuses a single-value field sent twice, but not an array field", () => {
    expect(
      parseFormData(
        schema,
        form([
          ["name", "a"],
          ["name", "b"],
        ]),
      ),
    ).toMatchObject({ ok: false, fieldErrors: { name: REPEATED_FIELD_MESSAGE } });
    expect(
      parseFormData(
        schema,
        form([
          ["name", "a"],
          ["tags", "x"],
          ["tags", "y"],
        ]),
        ["tags"],
      ),
    ).toMatchObject({ ok: true, data: { tags: ["x", "y"] } });
  });
  it("refuses a post with none of the form's fields", () => {
    expect(parseFormData(schema, form([]))).toMatchObject({ ok: false, fieldErrors: { form: EMPTY_FORM_MESSAGE } });
    expect(parseFormData(schema, form([["name[x]", "a"]]))).toMatchObject({ ok: false, fieldErrors: { form: EMPTY_FORM_MESSAGE } });
  });
});

describe("condition depth", () => {
  const nested = (depth: number) => {
    let c: unknown = { question: "q1", equals: "yes" };
    for (let i = 1; i < depth; i++) c = { any: [{ question: "q2", answered: true }, c] };
    return c;
  };
  it("counts levels, and stops counting past the limit", () => {
    expect(conditionDepth({ question: "q", equals: 1 })).toBe(1);
    expect(conditionDepth(nested(4))).toBe(4);
    expect(conditionDepth(nested(50_000))).toBe(MAX_CONDITION_DEPTH + 1);
  });
  it("accepts up to the cap and refuses deeper with a message, without exhausting the stack", () => {
    expect(conditionSchema.safeParse(nested(MAX_CONDITION_DEPTH)).success).toBe(true);
    const deep = conditionSchema.safeParse(nested(MAX_CONDITION_DEPTH + 1));
    expect(deep.error?.issues[0]?.message).toContain(`more than ${MAX_CONDITION_DEPTH} levels deep`);
    expect(conditionSchema.safeParse(nested(20_000)).success).toBe(false);
  });
});

describe("strict numbers", () => {
  const component = (updateIntervalDays: string) => componentSchema.safeParse({ kind: "hosted_api", name: "X", updateCadence: "interval", updateIntervalDays });
  it("takes an interval in days as digits only", () => {
    expect(component("16")).toMatchObject({ success: true, data: { updateIntervalDays: 16 } });
    for (const bad of ["0x10", "1e1", "+16", "16.0", "-16", "0", "3651", "Infinity", "1_0"]) expect(component(bad).success, bad).toBe(false);
  });
  it("reads a number answer only as a plain decimal", () => {
    const question = { key: "n", type: "number" } as Question;
    expect(valueFromInput(question, "12")).toBe(12);
    expect(valueFromInput(question, "-1.5")).toBe(-1.5);
    for (const bad of ["0x10", "1e1", "+16", "Infinity", ".5", "1."]) expect(valueFromInput(question, bad), bad).toBe(bad);
  });
  it("reads a posted revision as digits only", () => {
    expect(parseRevision("0")).toBe(0);
    expect(parseRevision("12")).toBe(12);
    for (const bad of ["NaN", "", "-1", "1e0", "0x1", " 1", "1.0", null]) expect(parseRevision(bad), String(bad)).toBeNull();
  });
});

describe("template files", () => {
  it("are decoded as strict UTF-8", () => {
    expect(decodeTemplateFile(new TextEncoder().encode('{"name":"Café"}'))).toEqual({ ok: true, text: '{"name":"Café"}' });
    expect(decodeTemplateFile(new Uint8Array([0x7b, 0xff, 0x7d]))).toMatchObject({
      ok: false,
      problems: [{ path: "(root)", message: expect.stringContaining("not UTF-8") }],
    });
  });
});

describe("Origin: null", () => {
  it("is refused even with a same-origin Referer (a sandboxed frame on our own site)", () => {
    const verdict = checkOrigin(
      { method: "POST", origin: "null", referer: "http://localhost:3000/dev/mailbox/1/html", host: "localhost:3000", protocol: "http" },
      "http://localhost:3000",
    );
    expect(verdict).toMatchObject({ ok: false, message: expect.stringContaining("without an origin") });
  });
});
