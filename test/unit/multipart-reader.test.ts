// The form reader on its own: what it returns, and which AppError each kind of bad body becomes.
import { AppError } from "~/domain/errors";
import { formFile, formText, readFormBody, type FormLimits } from "~/http/multipart.server";

const LIMITS: FormLimits = { fileSize: 1024, files: 1, fileFields: ["file"], fields: 5, fieldSize: 64, total: 4096 };
const BOUNDARY = "b0undary";

/** A Request whose body arrives in chunks of `chunkSize` bytes, like a slow upload. */
function requestOf(body: string | Buffer, contentType: string | null = `multipart/form-data; boundary=${BOUNDARY}`, chunkSize = 7) {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, "utf8");
  let offset = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(new Uint8Array(bytes.subarray(offset, offset + chunkSize)));
      offset += chunkSize;
    },
  });
  const headers = new Headers();
  if (contentType) headers.set("content-type", contentType);
  return new Request("http://localhost/upload", { method: "POST", body: stream, headers, duplex: "half" } as RequestInit);
}

const part = (disposition: string, body: string) => `--${BOUNDARY}\r\nContent-Disposition: form-data; ${disposition}\r\n\r\n${body}\r\n`;
const end = `--${BOUNDARY}--\r\n`;

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("readFormBody", () => {
  it("gives text fields (the first of each name) and files with their sanitised names, read in small chunks", async () => {
    const body =
      part('name="intent"', "upload") +
      part('name="intent"', "second") +
      part('name="__proto__"', "x") +
      part('name="file"; filename="Q3%0D%0Areport (scope=EU);v2.pdf"', "%PDF-1.7 bytes") +
      end;
    const form = await readFormBody(requestOf(body), LIMITS);
    expect(formText(form, "intent")).toBe("upload");
    expect(formText(form, "__proto__")).toBe("x");
    expect(formText(form, "missing")).toBe("");
    expect(formFile(form, "file")).toMatchObject({ field: "file", name: "Q3report (scope=EU);v2.pdf" });
    expect(Buffer.from(formFile(form, "file")!.bytes).toString()).toBe("%PDF-1.7 bytes");
  });

  it("reads URL-encoded forms too", async () => {
    const form = await readFormBody(requestOf("intent=remove&evidenceId=abc&intent=x", "application/x-www-form-urlencoded"), LIMITS);
    expect(form.fields).toEqual(Object.assign(Object.create(null), { intent: "remove", evidenceId: "abc" }));
    expect(form.files).toEqual([]);
  });

  it("says which limit was passed: a file, a field or the whole body", async () => {
    const bigFile = await refusal(readFormBody(requestOf(part('name="file"; filename="a.pdf"', "x".repeat(2000)) + end), LIMITS));
    expect(bigFile).toMatchObject({ kind: "too_large", details: { over: "file", limit: 1024 } });
    const bigField = await refusal(readFormBody(requestOf(part('name="note"', "x".repeat(100)) + end), LIMITS));
    expect(bigField).toMatchObject({ kind: "too_large", details: { over: "field" } });
    const bigBody = await refusal(readFormBody(requestOf(part('name="file"; filename="a.pdf"', "x".repeat(800)) + end), { ...LIMITS, total: 500 }));
    expect(bigBody).toMatchObject({ kind: "too_large", details: { over: "body", limit: 500 } });
    const bigEncoded = await refusal(readFormBody(requestOf(`a=${"x".repeat(5000)}`, "application/x-www-form-urlencoded"), LIMITS));
    expect(bigEncoded).toMatchObject({ kind: "too_large", details: { over: "body" } });
  });

  it("turns every malformed body into an `invalid` with a reason", async () => {
    const cases: Array<[string, ReturnType<typeof requestOf>, RegExp]> = [
      ["cut off", requestOf(part('name="a"', "1")), /cut off/],
      ["no boundary", requestOf(part('name="a"', "1") + end, "multipart/form-data"), /no boundary/],
      ["other boundary", requestOf(part('name="a"', "1") + end, "multipart/form-data; boundary=zzz"), /cut off/],
      ["no name", requestOf(`--${BOUNDARY}\r\nContent-Disposition: form-data\r\n\r\nx\r\n${end}`), /has no name/],
      ["two files", requestOf(part('name="file"; filename="a.txt"', "a") + part('name="file"; filename="b.txt"', "b") + end), /at most 1 file/],
      ["unexpected file", requestOf(part('name="other"; filename="a.txt"', "a") + end), /file where none was expected/],
      ["too many fields", requestOf(Array.from({ length: 9 }, (_, i) => part(`name="f${i}"`, "v")).join("") + end), /more fields/],
      ["huge header", requestOf(part(`name="file"; filename="${"h".repeat(20_000)}"`, "a") + end), /header is malformed or too long/],
    ];
    for (const [label, request, message] of cases) {
      const error = await refusal(readFormBody(request, { ...LIMITS, total: 100_000 }));
      expect(error.kind, label).toBe("invalid");
      expect(error.message, label).toMatch(message);
      expect(error.message, label).toMatch(/^The upload could not be read: .*Nothing was saved\.$/);
    }
  });

  it("refuses a body that is not a form with `unsupported`", async () => {
    for (const type of ["application/json", "text/plain", null]) {
      expect((await refusal(readFormBody(requestOf("{}", type), LIMITS))).kind).toBe("unsupported");
    }
  });
});
