import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

/**
 * Every setting the service reads, validated once at start. A bad value stops the service with a
 * message naming the variable, never half-way through a request. Documented in the README table.
 */
export class Environment {
  @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  /** A PostgreSQL server; when unset an embedded PostgreSQL (PGlite) is started in EMBEDDED_DATA_DIR. */
  @IsOptional() @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  /** A read replica of DATABASE_URL: queries of the read models (chronology, agency history, findings, reports) go there. */
  @IsOptional() @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_READ_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_READ_URL?: string;

  @IsString() @MinLength(1)
  EMBEDDED_DATA_DIR = './data';

  /** Where the ledger's events live: PostgreSQL (the default) or a KurrentDB server (KURRENTDB_URL). Read models stay in PostgreSQL. */
  @IsIn(['postgres', 'kurrentdb'], { message: 'EVENT_STORE must be postgres or kurrentdb' })
  EVENT_STORE: 'postgres' | 'kurrentdb' = 'postgres';

  /** A KurrentDB 25.1+ connection string, needed when EVENT_STORE=kurrentdb. */
  @IsOptional() @Matches(/^(kurrentdb|kdb|esdb)(\+discover)?:\/\/.+/, { message: 'KURRENTDB_URL must be a kurrentdb:// (or kurrentdb+discover://) connection string' })
  KURRENTDB_URL?: string;

  @Transform(toInt) @IsInt() @Min(2) @Max(200)
  DATABASE_POOL_SIZE = 20;

  /** Ends transactions left open and idle, which would otherwise hold back every reader of the global order. */
  @Transform(toInt) @IsInt() @Min(1000)
  IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;

  @IsOptional() @IsString() @MinLength(32, { message: 'LEDGER_ADMIN_KEY must be at least 32 characters' })
  LEDGER_ADMIN_KEY?: string;

  /** Requests per minute one API key may make across all endpoints; more get 429 with Retry-After. 0: no limit. */
  @Transform(toInt) @IsInt() @Min(0) @Max(10_000_000)
  RATE_LIMIT_PER_MINUTE = 6000;

  /** Failed authentications per minute from one address before its further failures get 429 (each failure past 5 is also slowed). */
  @Transform(toInt) @IsInt() @Min(1) @Max(100_000)
  AUTH_FAILURES_PER_MINUTE = 20;

  /** How much longer each failed authentication from one address waits past its fifth in a minute (at most 10 times this). 0: no slowing. */
  @Transform(toInt) @IsInt() @Min(0) @Max(10_000)
  AUTH_FAILURE_DELAY_MS = 200;

  /** Origins allowed to call the API from a browser (comma-separated); unset: CORS stays off. */
  @IsOptional() @Matches(/^https?:\/\/[^,\s]+(,https?:\/\/[^,\s]+)*$/, { message: 'CORS_ORIGINS must be a comma-separated list of http(s) origins' })
  CORS_ORIGINS?: string;

  /** After a key rotation, how long the principal's old keys keep working (default 7 days). */
  @Transform(toInt) @IsInt() @Min(0) @Max(90 * 24 * 3600)
  KEY_ROTATION_GRACE_SECONDS = 7 * 24 * 3600;

  /** Server secret for hashing API keys (HMAC-SHA-256). Unset: derived from LEDGER_ADMIN_KEY. */
  @IsOptional() @IsString() @MinLength(32, { message: 'LEDGER_KEY_SECRET must be at least 32 characters' })
  LEDGER_KEY_SECRET?: string;

  /** A partnership's compliance profile (JSON): its own timescales and thresholds over the national defaults. */
  @IsOptional() @IsString() @MinLength(1)
  COMPLIANCE_PROFILE_FILE?: string;

  /** How often the compliance projection takes in new events (findings are about days; larger, rarer batches leave the CPU to intake). */
  @Transform(toInt) @IsInt() @Min(10) @Max(600_000)
  COMPLIANCE_INTERVAL_MS = 250;

  /**
   * Which projections this instance runs: `true` (all), `false` (none: it only answers requests), or
   * a list of names (`chronology,case-state`), so that costly ones (compliance) can run in a process
   * of their own. Each projection runs in one instance at a time whatever this says (a lease).
   */
  @Matches(/^(true|false|[a-z][a-z-]*(,[a-z][a-z-]*)*)$/, { message: 'RUN_PROJECTIONS must be true, false or a comma-separated list of projection names (chronology,case-state,compliance)' })
  RUN_PROJECTIONS = 'true';

  /** How often a caught-up projection looks for new events when no append hint arrives (the embedded database sends none across connections). */
  @Transform(toInt) @IsInt() @Min(10) @Max(60_000)
  PROJECTION_POLL_INTERVAL_MS = 500;

  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';
}

export class InvalidEnvironmentError extends Error {}

/** Used by ConfigModule.forRoot({ validate }) and by the CLI. */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const known = Object.fromEntries(Object.keys(new Environment()).concat('DATABASE_URL', 'LEDGER_ADMIN_KEY', 'LEDGER_KEY_SECRET', 'COMPLIANCE_PROFILE_FILE', 'CORS_ORIGINS', 'KURRENTDB_URL', 'DATABASE_READ_URL')
    .filter((key) => raw[key] !== undefined && raw[key] !== '').map((key) => [key, raw[key]]));
  const environment = plainToInstance(Environment, known);
  const problems = validateSync(environment, { skipMissingProperties: false });
  const lines = problems.flatMap((problem) => Object.values(problem.constraints ?? {}).map((text) => `  - ${problem.property}: ${text}`));
  if (environment.DATABASE_READ_URL && !environment.DATABASE_URL) lines.push('  - DATABASE_READ_URL: a read replica needs DATABASE_URL (the embedded database has none)');
  if (environment.EVENT_STORE === 'kurrentdb' && !environment.KURRENTDB_URL) lines.push('  - KURRENTDB_URL: EVENT_STORE=kurrentdb needs KURRENTDB_URL (a kurrentdb:// connection string)');
  if (lines.length > 0) {
    throw new InvalidEnvironmentError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return environment;
}
