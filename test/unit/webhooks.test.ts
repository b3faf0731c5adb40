// Webhooks, the pure parts: Standard Webhooks signatures, the retry schedule, the target checks (SSRF)
// and the event catalogue.
import { createHmac } from "node:crypto";
import fc from "fast-check";
import { BACKOFF_SECONDS, isSuccessStatus, MAX_ATTEMPTS, nextAttemptAt, shouldDisable } from "~/domain/webhooks/delivery-policy";
import { eventBody, parseWebhookEvent, SUBSCRIBABLE_EVENT_TYPES, WEBHOOK_PAYLOADS } from "~/domain/webhooks/events";
import { generateSecret, isSecret, sign, signedHeaders, verify } from "~/domain/webhooks/signing";
import { addressesRefusal, addressRefusal, checkWebhookUrl } from "~/domain/webhooks/targets";

const NOW = new Date("2026-12-03T09:00:00Z");

describe("signing (Standard Webhooks)", () => {
  it("signs `id.timestamp.body` with HMAC-SHA256 under the decoded whsec_ key, as v1,<base64>", () => {
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    const body = '{"test": 2432232314}';
    // The example from the Standard Webhooks specification.
    expect(sign(secret, id, 1614265330, body)).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    const manual = createHmac("sha256", Buffer.from("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "base64")).update(`${id}.1614265330.${body}`).digest("base64");
    expect(sign(secret, id, 1614265330, body)).toBe(`v1,${manual}`);
  });

  it("makes 32-byte secrets with the whsec_ prefix, each different", () => {
    const a = generateSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(isSecret(a)).toBe(true);
    expect(generateSecret()).not.toBe(a);
  });

  it("verify(sign(x)) holds for any id and body, and any changed byte of the body fails", () => {
    const secret = generateSecret();
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.string({ maxLength: 200 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (id, body, at, flip) => {
          const headers = signedHeaders(secret, id, NOW, body);
          if (!verify(secret, headers, body, NOW)) return false;
          const bytes = Buffer.from(body, "utf8");
          if (bytes.length === 0) return !verify(secret, headers, "x", NOW);
          const i = at % bytes.length;
          bytes[i] = bytes[i]! ^ flip;
          return !verify(secret, headers, bytes.toString("latin1"), NOW) && !verify(secret, headers, `${body} `, NOW);
        },
      ),
    );
  });

  it("refuses another secret, another id, a stale timestamp and a tampered signature", () => {
    const secret = generateSecret();
    const body = '{"a":1}';
    const headers = signedHeaders(secret, "evt_1", NOW, body);
    expect(verify(generateSecret(), headers, body, NOW)).toBe(false);
    expect(verify(secret, { ...headers, "webhook-id": "evt_2" }, body, NOW)).toBe(false);
    expect(verify(secret, headers, body, new Date(NOW.getTime() + 6 * 60_000))).toBe(false);
    expect(verify(secret, { ...headers, "webhook-signature": headers["webhook-signature"].replace(/.$/, "A") }, body, NOW)).toBe(false);
    // Several signatures (during a rotation on the receiver's side): one match is enough.
    expect(verify(secret, { ...headers, "webhook-signature": `v1,AAAA ${headers["webhook-signature"]}` }, body, NOW)).toBe(true);
  });
});

describe("retry schedule", () => {
  it("retries 11 times over about a day, 30 s first, never more than 8 h apart, ±20% jitter", () => {
    expect(MAX_ATTEMPTS).toBe(12);
    expect(nextAttemptAt(1, NOW, 0.5)!.getTime() - NOW.getTime()).toBe(30_000);
    expect(nextAttemptAt(MAX_ATTEMPTS - 1, NOW, 0.5)!.getTime() - NOW.getTime()).toBe(8 * 3600_000);
    expect(nextAttemptAt(MAX_ATTEMPTS, NOW, 0.5)).toBeNull();
    expect(nextAttemptAt(0, NOW, 0.5)).toBeNull();
    const total = BACKOFF_SECONDS.reduce((a, b) => a + b, 0);
    expect(total / 3600).toBeGreaterThan(20);
    expect(total / 3600).toBeLessThan(30);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_ATTEMPTS - 1 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (n, r) => {
        const wait = (nextAttemptAt(n, NOW, r)!.getTime() - NOW.getTime()) / 1000;
        const base = BACKOFF_SECONDS[n - 1]!;
        return wait >= base * 0.8 - 0.001 && wait <= base * 1.2 + 0.001;
      }),
    );
  });

  it("counts only 2xx as delivered (a redirect is a failure) and disables after the threshold", () => {
    expect([200, 204, 299].every(isSuccessStatus)).toBe(true);
    expect([301, 302, 307, 400, 500, 199].some(isSuccessStatus)).toBe(false);
    expect(shouldDisable(19, 20)).toBe(false);
    expect(shouldDisable(20, 20)).toBe(true);
  });
});

describe("targets (SSRF)", () => {
  const strict = { allowPrivate: false, allowHttp: false };
  const lab = { allowPrivate: true, allowHttp: true };

  it("refuses loopback, private, link-local, unique-local, CGNAT, IPv4-mapped private, multicast and unspecified addresses by default", () => {
    for (const address of [
      "127.0.0.1",
      "10.1.2.3",
      "172.16.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "::1",
      "fe80::1",
      "fd00::1",
      "100.64.0.1",
      "::ffff:10.0.0.1",
      "::ffff:127.0.0.1",
    ]) {
      expect(addressRefusal(address, strict), address).toMatch(/private|loopback|link-local|CGNAT/);
    }
    for (const address of ["224.0.0.1", "0.0.0.0", "::", "255.255.255.255", "2002:a00:1::", "64:ff9b::a00:1"]) {
      expect(addressRefusal(address, strict), address).toMatch(/cannot receive/);
      expect(addressRefusal(address, lab), address).toMatch(/cannot receive/); // not even with the setting
    }
    expect(addressRefusal("93.184.215.14", strict)).toBeNull();
    expect(addressRefusal("2606:4700::6810:84e5", strict)).toBeNull();
    expect(addressRefusal("::ffff:93.184.215.14", strict)).toBeNull();
  });

  it("allows private targets only with the setting, and judges every address a name resolves to", () => {
    expect(addressRefusal("127.0.0.1", lab)).toBeNull();
    expect(addressRefusal("10.0.0.5", lab)).toBeNull();
    expect(addressesRefusal("hooks.example.com", ["93.184.215.14", "10.0.0.1"], strict)).toMatch(/^hooks\.example\.com resolves to 10\.0\.0\.1/);
    expect(addressesRefusal("nothing.example", [], strict)).toMatch(/does not resolve/);
  });

  it("requires an absolute https URL without credentials unless http is allowed", () => {
    expect(checkWebhookUrl("http://hooks.example.com/x", strict)).toMatchObject({ ok: false, message: expect.stringMatching(/https/) });
    expect(checkWebhookUrl("http://hooks.example.com/x", lab)).toMatchObject({ ok: true, port: 80 });
    expect(checkWebhookUrl("https://u:p@hooks.example.com/", strict)).toMatchObject({ ok: false });
    expect(checkWebhookUrl("ftp://hooks.example.com/", strict)).toMatchObject({ ok: false });
    expect(checkWebhookUrl("not a url", strict)).toMatchObject({ ok: false });
    expect(checkWebhookUrl("https://[::1]:8443/h", strict)).toMatchObject({ ok: true, host: "::1", port: 8443 });
  });
});

describe("event catalogue", () => {
  it("has a payload schema for every subscribable type and refuses a payload of the wrong shape", () => {
    for (const type of SUBSCRIBABLE_EVENT_TYPES) expect(WEBHOOK_PAYLOADS[type]).toBeDefined();
    expect(() => parseWebhookEvent({ type: "finding.closed", data: { findingId: "nope", assessmentId: null, closedAt: NOW.toISOString() } })).toThrow();
    const body = JSON.parse(eventBody({ id: "e1", type: "webhook.ping", occurredAt: NOW, data: { endpointId: "x" } }));
    expect(body).toEqual({ id: "e1", type: "webhook.ping", version: 1, timestamp: NOW.toISOString(), data: { endpointId: "x" } });
  });
});
