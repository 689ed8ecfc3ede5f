import { Logger } from '@nestjs/common';
import { Pool, type ClientConfig } from 'pg';
import type { Environment } from '../config/environment';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';
import { runMigrations } from './ledger-migrations';

export type DatabaseMode = 'server' | 'embedded';

/**
 * The service's PostgreSQL: the server in DATABASE_URL, or an embedded one when it is unset.
 * Opened once at start (schema migrated before anything reads), closed at shutdown.
 */
export class DatabaseConnection {
  private constructor(
    readonly mode: DatabaseMode,
    readonly pool: Pool,
    /** For dedicated connections (LISTEN) with the same settings as the pool. */
    readonly clientConfig: ClientConfig,
    private readonly embedded: EmbeddedPostgres | undefined,
  ) {}

  static async open(environment: Environment, logger = new Logger('Database')): Promise<DatabaseConnection> {
    const embedded = environment.DATABASE_URL
      ? undefined
      : await startEmbeddedPostgres({ dataDir: environment.EMBEDDED_DATA_DIR, maxConnections: environment.DATABASE_POOL_SIZE + 5 });
    const url = environment.DATABASE_URL ?? embedded!.url;
    if (embedded) {
      logger.log(`No DATABASE_URL: using an embedded PostgreSQL (PGlite) with its data in ${embedded.dataDir}. For trying out only; use a PostgreSQL server in production.`);
    } else {
      logger.log(`Using the PostgreSQL server at ${describeServer(url)}`);
    }
    const applied = await runMigrations(url);
    if (applied.length) logger.log(`Applied migrations: ${applied.join(', ')}`);
    const clientConfig = connectionSettings(url, embedded ? undefined : environment.IDLE_IN_TRANSACTION_TIMEOUT_MS);
    const pool = new Pool({ ...clientConfig, max: environment.DATABASE_POOL_SIZE, connectionTimeoutMillis: 5000 });
    pool.on('error', () => undefined); // an idle client dying (server restart) must not crash the process
    return new DatabaseConnection(embedded ? 'embedded' : 'server', pool, clientConfig, embedded);
  }

  async close(): Promise<void> {
    await this.pool.end();
    await this.embedded?.stop();
  }
}

/** Per-connection settings. The embedded database ignores start-up options (one shared backend). */
export function connectionSettings(url: string, idleInTransactionTimeoutMs?: number): ClientConfig {
  return {
    connectionString: url,
    ...(idleInTransactionTimeoutMs ? { options: `-c idle_in_transaction_session_timeout=${idleInTransactionTimeoutMs}` } : {}),
  };
}

/** Host, port and database only: never the password. */
function describeServer(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
}
