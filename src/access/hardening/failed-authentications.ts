import { Logger } from '@nestjs/common';
import { CodedError } from '../../common/errors/coded-error';

const WINDOW_MS = 60_000;
const FREE_FAILURES = 5;

/** Too many failed authentications from one address: its further failures are refused for a while. */
export class TooManyFailedAuthenticationsError extends CodedError {
  readonly code = 'AUTH.TOO_MANY_FAILURES';
  constructor(readonly retryAfterSeconds: number) {
    super('Too many failed authentications from this address: try again later');
  }
}

/**
 * Slows and logs guessing at keys. Per client address, in a one-minute window: the first five failures
 * answer 401 at once; each one after that waits `delayStepMs` more (200 ms by default, at most ten steps); past the limit they answer
 * 429 with Retry-After. A valid key is never refused here (a partnership's agencies may share one
 * address behind a gateway); keys are 256 random bits, so slowing is about noise and logs, not odds.
 */
export class FailedAuthentications {
  private readonly logger = new Logger('Authentication');
  private readonly failures = new Map<string, { count: number; windowEnds: number }>();

  constructor(private readonly limitPerMinute: number, private readonly delayStepMs: number, private readonly now: () => number = Date.now) {}

  /** Called for a request without a valid key: resolves (after any delay) to let the 401 go, or throws the 429 (with Retry-After set on `reply`). */
  async failed(address: string, reply: { header(name: string, value: string): unknown }): Promise<void> {
    const now = this.now();
    let entry = this.failures.get(address);
    if (!entry || entry.windowEnds <= now) {
      if (this.failures.size > 10_000) this.forgetExpired(now);
      // Still full within one minute (many addresses): the oldest go, so memory stays bounded.
      if (this.failures.size > 50_000) for (const [oldest] of [...this.failures].slice(0, 10_000)) this.failures.delete(oldest);
      entry = { count: 0, windowEnds: now + WINDOW_MS };
      this.failures.set(address, entry);
    }
    entry.count += 1;
    // The address and the count only: never the key presented (it may be a real key mistyped).
    this.logger.warn(`authentication failed from ${address} (${entry.count} in this minute)`);
    if (entry.count > this.limitPerMinute) {
      const retryAfter = Math.ceil((entry.windowEnds - now) / 1000);
      reply.header('Retry-After', String(retryAfter));
      throw new TooManyFailedAuthenticationsError(retryAfter);
    }
    const delay = Math.min(entry.count - FREE_FAILURES, 10) * this.delayStepMs;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  }

  private forgetExpired(now: number): void {
    for (const [address, entry] of this.failures) if (entry.windowEnds <= now) this.failures.delete(address);
  }
}
