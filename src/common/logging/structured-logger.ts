import type { LoggerService, LogLevel } from '@nestjs/common';
import pino, { type DestinationStream, type Logger as Pino } from 'pino';

/** Nest's levels as pino's. */
const PINO_LEVEL: Record<LogLevel, pino.Level> = { fatal: 'fatal', error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' };

/**
 * Defence in depth: the service never puts child data or keys in a log message, but a message quoting
 * an identifier by mistake must not leak it. NHS numbers (ten digits, maybe spaced), API keys and
 * bearer tokens are masked in every message.
 */
export function scrub(text: string): string {
  return text
    .replace(/sclk_[0-9a-f]{32}_[A-Za-z0-9_-]{10,}/g, 'sclk_[redacted]')
    .replace(/(bearer\s+)\S+/gi, '$1[redacted]')
    .replace(/(?<!\d)\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d)/g, '[nhs-number?]');
}

/**
 * The service's logger: one JSON object per line (pino), with level, time, context and message.
 * Objects logged are redacted on the paths that could carry keys or child data; messages are scrubbed.
 */
export class StructuredLogger implements LoggerService {
  readonly pino: Pino;

  constructor(level: LogLevel, destination?: DestinationStream) {
    this.pino = pino({
      level: PINO_LEVEL[level],
      base: { service: 'safeguarding-ledger' },
      redact: {
        paths: ['authorization', '*.authorization', 'headers.authorization', 'apiKey', '*.apiKey', 'nhsNumber', '*.nhsNumber', 'name', '*.name', 'dateOfBirth', '*.dateOfBirth', 'data', '*.data'],
        censor: '[redacted]',
      },
    }, destination ?? pino.destination({ dest: 1, sync: false }));
  }

  log(message: unknown, ...rest: unknown[]): void { this.write('info', message, rest); }
  error(message: unknown, ...rest: unknown[]): void { this.write('error', message, rest.length > 1 ? rest.slice(1) : rest.filter((part) => typeof part === 'string' && !part.includes('\n'))); }
  warn(message: unknown, ...rest: unknown[]): void { this.write('warn', message, rest); }
  debug(message: unknown, ...rest: unknown[]): void { this.write('debug', message, rest); }
  verbose(message: unknown, ...rest: unknown[]): void { this.write('trace', message, rest); }
  fatal(message: unknown, ...rest: unknown[]): void { this.write('fatal', message, rest); }

  /** Flushes what is buffered (at shutdown, so the last lines are not lost). */
  flush(): void {
    this.pino.flush();
  }

  /** Nest passes the context (the class or area) last; errors may pass a stack before it, which is not logged. */
  private write(level: pino.Level, message: unknown, rest: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const context = typeof rest[rest.length - 1] === 'string' ? rest[rest.length - 1] as string : undefined;
    if (typeof message === 'string') this.pino[level]({ context }, scrub(message));
    else this.pino[level]({ context, detail: message }, 'structured');
  }
}
