import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { canonicalJson } from './canonical-json';
import { canonicalEnvelope, chainHash, dataDigest, envelopeDigest, GENESIS_HASH, type HashedEnvelope } from './event-hashing';

// The worked example of docs/hash-chain.md: another implementation must reproduce these bytes.
const example: HashedEnvelope = {
  streamId: 'child-5f0c3c9e-8a7b-4b52-9d59-2f1f8f3c1a01',
  eventId: '0b6f1f9e-3f6a-4d8e-9d7e-6c1c2b3a4d5e',
  type: 'ConcernRaised',
  schemaVersion: 1,
  occurredAt: '2026-01-12',
  occurredAtPrecision: 'date',
  recordedAt: new Date('2026-01-12T16:04:05.123Z'),
  importedAt: null,
  recordedAtKnown: true,
  metadata: { agencyId: 'school-1', sensitivity: 'normal', author: { role: 'DSL', id: 'a-1' } },
  dataDigest: dataDigest({ referred: false, categories: ['neglect'], description: 'Fictional: café note' }),
};

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest();

describe('canonical JSON', () => {
  it('sorts keys at every depth, drops undefined members and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [true, null], c: 'x' }, u: undefined })).toBe('{"a":{"c":"x","d":[true,null]},"b":1}');
  });

  it('writes strings and numbers as JSON.stringify does', () => {
    expect(canonicalJson({ s: 'é"\n', n: [1.5, -0, 1e21, 0.1] })).toBe('{"n":[1.5,0,1e+21,0.1],"s":"é\\"\\n"}');
  });

  it.each([[{ x: Number.NaN }], [{ x: 'a\u0000b' }], [{ x: '\uD800' }], [{ x: new Date(0) }]])('refuses a value no store can keep: %p', (value) => {
    expect(() => canonicalJson(value)).toThrow(expect.objectContaining({ code: 'LEDGER.INVALID_APPEND' }));
  });
});

describe('event hash', () => {
  it('given the documented example, then the payload digest is SHA-256 of its canonical JSON', () => {
    expect(example.dataDigest).toEqual(sha256('{"categories":["neglect"],"description":"Fictional: café note","referred":false}'));
  });

  it('given the documented example, then the canonical envelope is exactly the documented text', () => {
    expect(canonicalEnvelope(example)).toBe(
      '{"dataDigest":"' + example.dataDigest.toString('hex') + '","eventId":"0b6f1f9e-3f6a-4d8e-9d7e-6c1c2b3a4d5e",' +
        '"importedAt":null,"metadata":{"agencyId":"school-1","author":{"id":"a-1","role":"DSL"},"sensitivity":"normal"},' +
        '"occurredAt":"2026-01-12","occurredAtPrecision":"date","recordedAt":"2026-01-12T16:04:05.123Z","recordedAtKnown":true,' +
        '"schemaVersion":1,"streamId":"child-5f0c3c9e-8a7b-4b52-9d59-2f1f8f3c1a01","type":"ConcernRaised"}',
    );
  });

  it('given revision 0 then 1, then each hash chains the previous one, the revision and the envelope digest', () => {
    const first = chainHash(GENESIS_HASH, 0, envelopeDigest(example));
    const byHand = sha256(Buffer.concat([Buffer.alloc(32), Buffer.from('0000000000000000', 'hex'), sha256(canonicalEnvelope(example))]));
    expect(first).toEqual(byHand);
    const second = chainHash(first, 1, envelopeDigest(example));
    expect(second).toEqual(sha256(Buffer.concat([first, Buffer.from('0000000000000001', 'hex'), envelopeDigest(example)])));
    expect(example.dataDigest.toString('hex')).toBe('a011d913ae634fe9e2188b4ab62c0b8707e81ae8cb630621cf1ae2fe68aca68b');
    expect(envelopeDigest(example).toString('hex')).toBe('ca1351ebe72a7bc3eb032f63ecfb48762169cd6c45c3f98fbab8ab5dc0248da8');
    expect(first.toString('hex')).toBe('45285dcddaaac87ad4214da26ffc92c22b8ac99fe3f28407ea73f04ca203a514');
  });

  it('given any change to a hashed field, then the envelope digest changes', () => {
    const digest = envelopeDigest(example).toString('hex');
    for (const change of [{ type: 'ReferralMade' }, { recordedAt: new Date('2026-01-12T16:04:05.124Z') }, { metadata: { agencyId: 'school-2' } }]) {
      expect(envelopeDigest({ ...example, ...change }).toString('hex')).not.toBe(digest);
    }
  });
});

describe('canonical JSON fast path', () => {
  it.each([
    [{ a: 1, b: [true, null, 'x'], c: { d: 'é', e: -0 } }],
    [{ b: 1, a: 2 }],
    [{ a: undefined, b: 1 }],
    [[1, undefined, 2]],
    [{ 'é': 1, z: 2, Z: 3, _: 4, '10': 5, '9': 6 }],
  ])('gives the same text as the member-by-member writer for %p', (value) => {
    const bySorting = (v: unknown): unknown =>
      Array.isArray(v) ? v.map((item) => (item === undefined ? null : bySorting(item)))
        : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().filter((k) => (v as Record<string, unknown>)[k] !== undefined).map((k) => [k, bySorting((v as Record<string, unknown>)[k])]))
          : v;
    // Integer-like keys are iterated first by JavaScript whatever their order, so compare with the sorted rendering by hand.
    const expected = '{' + Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',') + '}';
    expect(canonicalJson(value)).toBe(Array.isArray(value) ? JSON.stringify(bySorting(value)) : expected);
  });
});
