import type { Clock } from '../common/clock';
import type { AccessRepository, StoredKey } from './access-repository';
import { ApiKeyCodec } from './api-key-codec';
import { ADMIN_PRINCIPAL, type Principal } from './principal';

const CACHE_MS = 10_000;

/**
 * Turns a presented API key into a principal. Keys are looked up by their public id and their secret
 * compared as HMACs in constant time; lookups are cached for 10 seconds, so a revoked key stops
 * working within that time.
 */
export class Authenticator {
  /** Each key's lookup, done or under way: requests that arrive while it runs wait for the same one. */
  private readonly cache = new Map<string, { key: Promise<StoredKey | undefined>; until: number }>();
  private readonly adminHmac: Buffer | undefined;

  constructor(
    private readonly repository: AccessRepository,
    private readonly codec: ApiKeyCodec,
    private readonly clock: Clock,
    adminKey: string | undefined,
  ) {
    this.adminHmac = adminKey ? codec.hmac(adminKey) : undefined;
  }

  async authenticate(token: string | undefined): Promise<Principal | undefined> {
    if (!token || token.length > 200) return undefined;
    if (this.adminHmac && ApiKeyCodec.same(this.adminHmac, this.codec.hmac(token))) return ADMIN_PRINCIPAL;
    const presented = this.codec.read(token);
    if (!presented) return undefined;
    const stored = await this.lookup(presented.keyId);
    if (!stored || stored.revoked || !ApiKeyCodec.same(presented.secretHmac, stored.secretHmac)) return undefined;
    if (stored.expiresAt && stored.expiresAt.getTime() <= this.clock.now().getTime()) return undefined; // rotated, and its grace period is over
    return stored.principal;
  }

  /** A key revoked or rotated here stops working at once on this instance (others within the cache's 10 seconds). */
  forget(keyId: string): void {
    this.cache.delete(keyId);
  }

  private lookup(keyId: string): Promise<StoredKey | undefined> {
    const now = this.clock.now().getTime();
    const cached = this.cache.get(keyId);
    if (cached && cached.until > now) return cached.key;
    // One lookup per key at a time. Under load, every request that arrived while the first lookup ran
    // used to send its own query and its own "last used" write (1,300 of each in 20 s of the lag
    // benchmark, for one key).
    const key = this.repository.findKey(keyId).then((found) => {
      // "Last used" is kept to the cache's resolution: one write per key every 10 seconds, not one per request.
      if (found) void this.repository.touch(keyId).catch(() => undefined);
      return found;
    });
    const entry = { key, until: now + CACHE_MS };
    // A failed lookup (the database unreachable) is not remembered: the next request asks again.
    key.catch(() => (this.cache.get(keyId) === entry ? this.cache.delete(keyId) : undefined));
    // Full: the oldest tenth goes (a flood of made-up key ids must not push every real key out at once).
    if (this.cache.size > 10_000) for (const [oldest] of [...this.cache].slice(0, 1_000)) this.cache.delete(oldest);
    this.cache.set(keyId, entry);
    return key;
  }
}
