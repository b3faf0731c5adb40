import fc from "fast-check";
import { auditHash, canonicalJson, checkHead, describeChainCheck, GENESIS_HASH, verifyChain, type AuditContent, type ChainedAuditEvent } from "~/domain/audit";

const arbJson: fc.Arbitrary<Record<string, unknown>> = fc.dictionary(
  fc.string({ maxLength: 8 }),
  fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 })),
  { maxKeys: 5 },
);

const arbContent: fc.Arbitrary<AuditContent> = fc.record({
  at: fc.date({ min: new Date("2020-01-01"), max: new Date("2030-01-01"), noInvalidDate: true }),
  actorType: fc.constantFrom("user", "system", "cli"),
  actorId: fc.option(fc.uuid(), { nil: null }),
  actorLabel: fc.string({ minLength: 1, maxLength: 20 }),
  action: fc.string({ minLength: 1, maxLength: 20 }),
  entityType: fc.string({ minLength: 1, maxLength: 10 }),
  entityId: fc.option(fc.uuid(), { nil: null }),
  details: arbJson,
});

function chain(contents: AuditContent[]): ChainedAuditEvent[] {
  let prev = GENESIS_HASH;
  return contents.map((content, i) => {
    const hash = auditHash(prev, content);
    const event = { ...content, seq: String(i + 1), prevHash: prev, hash };
    prev = hash;
    return event;
  });
}

describe("audit hash chain", () => {
  it("hashes the same content the same way whatever the key order", () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 1, e: 2 }] } })).toBe('{"a":{"c":[3,{"e":2,"f":1}],"d":2},"b":1}');
    fc.assert(
      fc.property(arbJson, (details) => {
        const reversed = Object.fromEntries(Object.entries(details).reverse());
        return canonicalJson(details) === canonicalJson(reversed);
      }),
    );
  });

  it("verifies an untouched chain of any length", () => {
    fc.assert(
      fc.property(fc.array(arbContent, { maxLength: 12 }), (contents) => {
        const result = verifyChain(chain(contents));
        return result.ok && result.checked === contents.length;
      }),
    );
  });

  it("names the first event whose content was changed", () => {
    fc.assert(
      fc.property(fc.array(arbContent, { minLength: 1, maxLength: 10 }), fc.nat(), fc.string({ minLength: 1 }), (contents, pick, label) => {
        const events = chain(contents);
        const index = pick % events.length;
        const target = events[index]!;
        fc.pre(target.actorLabel !== label);
        events[index] = { ...target, actorLabel: label };
        const result = verifyChain(events);
        return !result.ok && result.seq === target.seq && result.reason === "hash" && result.checked === index;
      }),
    );
  });

  it("notices a removed event", () => {
    fc.assert(
      fc.property(fc.array(arbContent, { minLength: 3, maxLength: 10 }), fc.nat(), (contents, pick) => {
        const events = chain(contents);
        const index = 1 + (pick % (events.length - 2));
        const next = events[index + 1]!;
        events.splice(index, 1);
        const result = verifyChain(events);
        return !result.ok && result.seq === next.seq && result.reason === "prev_hash";
      }),
    );
  });
});

describe("the chain's head", () => {
  it("accepts a chain that ends where the head says, and names a removed tail, which the links alone cannot show", () => {
    fc.assert(
      fc.property(fc.array(arbContent, { minLength: 2, maxLength: 10 }), fc.nat(), (contents, pick) => {
        const events = chain(contents);
        const last = events[events.length - 1]!;
        const head = { lastSeq: last.seq, lastHash: last.hash, count: String(events.length) };
        const whole = verifyChain(events);
        if (!whole.ok || !checkHead({ ...whole, lastSeq: last.seq }, head).ok) return false;

        const removed = 1 + (pick % (events.length - 1));
        const kept = events.slice(0, events.length - removed);
        const links = verifyChain(kept);
        if (!links.ok) return false; // the links still verify: this is why the head exists
        const result = checkHead({ ...links, lastSeq: kept[kept.length - 1]!.seq }, head);
        return !result.ok && result.reason === "head_mismatch" && result.checked === kept.length;
      }),
    );
  });

  it("reports a missing head, and says what each failure means", () => {
    const missing = checkHead({ checked: 3, lastHash: "h", lastSeq: "3" }, null);
    expect(missing).toMatchObject({ ok: false, reason: "head_missing" });
    expect(describeChainCheck(missing)).toMatch(/head is missing/);
    const mismatch = checkHead({ checked: 3, lastHash: "h", lastSeq: "3" }, { count: "4", lastSeq: "4", lastHash: "x" });
    expect(describeChainCheck(mismatch)).toMatch(/records 4 events ending at #4, but the trail holds 3 events ending at #3/);
    expect(describeChainCheck({ ok: false, checked: 2, seq: "3", reason: "prev_hash" })).toMatch(/event #3/);
  });
});
