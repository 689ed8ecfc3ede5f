import { createHmac, hkdfSync, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

const PREFIX = 'sclk';
const TOKEN = /^sclk_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;

export interface IssuedKey {
  keyId: string;
  /** Shown once to the caller, never stored. */
  token: string;
  secretHmac: Buffer;
}

/**
 * API keys are `sclk_<key id>_<secret>`: the key id (public) finds the row, the secret is 256 random
 * bits stored only as an HMAC-SHA-256 with the server's key secret. A slow password hash would cap
 * throughput and adds nothing for random 256-bit secrets.
 */
export class ApiKeyCodec {
  constructor(private readonly serverSecret: Buffer) {}

  issue(): IssuedKey {
    const keyId = randomUUID();
    const secret = randomBytes(32).toString('base64url');
    return { keyId, token: `${PREFIX}_${keyId.replaceAll('-', '')}_${secret}`, secretHmac: this.hmac(secret) };
  }

  /** The key id and the HMAC of the secret of a presented token, or undefined when it is not one of ours. */
  read(token: string): { keyId: string; secretHmac: Buffer } | undefined {
    const match = TOKEN.exec(token);
    if (!match) return undefined;
    const hex = match[1];
    const keyId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    return { keyId, secretHmac: this.hmac(match[2]) };
  }

  /** Constant-time comparison of two HMACs (or of an HMAC with nothing). */
  static same(a: Buffer, b: Buffer | undefined): boolean {
    return b !== undefined && a.length === b.length && timingSafeEqual(a, b);
  }

  hmac(value: string): Buffer {
    return createHmac('sha256', this.serverSecret).update(value).digest();
  }
}

/** LEDGER_KEY_SECRET, or a key derived from the admin key (rotating that then retires every key). */
export function serverKeySecret(keySecret: string | undefined, adminKey: string | undefined): Buffer {
  if (keySecret) return Buffer.from(keySecret, 'utf8');
  return Buffer.from(hkdfSync('sha256', adminKey ?? randomBytes(32), 'safeguarding-ledger', 'api-key-hmac', 32));
}
