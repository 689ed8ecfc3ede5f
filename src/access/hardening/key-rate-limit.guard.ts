import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { CodedError } from '../../common/errors/coded-error';
import { Environment } from '../../config/environment';
import type { Principal } from '../principal';

const WINDOW_MS = 60_000;

/** One key over its budget: 429 with Retry-After. */
export class RateLimitedError extends CodedError {
  readonly code = 'REQUEST.RATE_LIMITED';
  constructor(readonly retryAfterSeconds: number) {
    super('Too many requests for this key: see Retry-After');
  }
}

/**
 * Rate limiting per API key (RATE_LIMIT_PER_MINUTE across all endpoints; 0: none), after the key
 * guard has named the caller, in fixed one-minute windows per instance: 429 with Retry-After past the
 * limit, and `RateLimit-Limit` / `RateLimit-Remaining` on every answer. Endpoints open without a key
 * (health, metrics, docs) are not limited. Our own rather than @nestjs/throttler: that package is
 * CommonJS requiring Nest 12's ES modules, which the test runner cannot load (ADR 0015).
 */
@Injectable()
export class KeyRateLimitGuard implements CanActivate {
  private readonly windows = new Map<string, { count: number; endsAt: number }>();

  constructor(@Inject(Environment) private readonly environment: Environment) {}

  canActivate(context: ExecutionContext): boolean {
    const limit = this.environment.RATE_LIMIT_PER_MINUTE;
    const principal = context.switchToHttp().getRequest<{ principal?: Principal }>().principal;
    if (limit === 0 || !principal) return true;
    const now = Date.now();
    let window = this.windows.get(principal.id);
    if (!window || window.endsAt <= now) {
      if (this.windows.size > 50_000) for (const [id, old] of this.windows) if (old.endsAt <= now) this.windows.delete(id);
      window = { count: 0, endsAt: now + WINDOW_MS };
      this.windows.set(principal.id, window);
    }
    window.count += 1;
    const reply = context.switchToHttp().getResponse<{ header(name: string, value: string): unknown }>();
    reply.header('RateLimit-Limit', String(limit));
    reply.header('RateLimit-Remaining', String(Math.max(0, limit - window.count)));
    if (window.count <= limit) return true;
    const retryAfter = Math.ceil((window.endsAt - now) / 1000);
    reply.header('Retry-After', String(retryAfter));
    throw new RateLimitedError(retryAfter);
  }
}
