import { describe, expect, it } from '@jest/globals';
import { ApiKeyCodec, serverKeySecret } from './api-key-codec';

describe('API keys', () => {
  const codec = new ApiKeyCodec(serverKeySecret('a-server-secret-of-at-least-32-characters', undefined));

  it('issues a 256-bit secret behind a public key id, and stores only its HMAC', () => {
    const issued = codec.issue();
    expect(issued.token).toMatch(/^sclk_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$/);
    expect(issued.token).not.toContain(issued.secretHmac.toString('hex'));
    const read = codec.read(issued.token)!;
    expect(read.keyId).toBe(issued.keyId);
    expect(ApiKeyCodec.same(read.secretHmac, issued.secretHmac)).toBe(true);
  });

  it('given a token whose secret was changed, then its HMAC does not match', () => {
    const issued = codec.issue();
    const forged = issued.token.slice(0, -1) + (issued.token.endsWith('A') ? 'B' : 'A');
    expect(ApiKeyCodec.same(codec.read(forged)!.secretHmac, issued.secretHmac)).toBe(false);
  });

  it.each(['', 'Bearer x', 'sclk_123_abc', `sclk_${'0'.repeat(32)}_${'a'.repeat(42)}`])('does not read %p as a key', (token) => {
    expect(codec.read(token)).toBeUndefined();
  });

  it('derives different secrets from different admin keys', () => {
    expect(serverKeySecret(undefined, 'x'.repeat(32)).equals(serverKeySecret(undefined, 'y'.repeat(32)))).toBe(false);
  });
});
