import { Logger } from '@nestjs/common';
import { Pool, type ClientConfig } from 'pg';
import { DataSource } from 'typeorm';
import type { Environment } from '../config/environment';
import { surviveLostConnections } from './connection-errors';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';
import { runMigrations } from './ledger-migrations';
import { READ_MODEL_ENTITIES } from './read-model-entities';

export type DatabaseMode = 'server' | 'embedded';

/**
 * The service's PostgreSQL: the server in DATABASE_URL, or an embedded one when it is unset.
 * Opened once at start (schema migrated before anything reads), closed at shutdown.
 */
export class DatabaseConnection {
  private constructor(
    readonly mode: DatabaseMode,
    /** The one connection pool: the ledger's SQL and TypeORM's read-model queries share it. */
    readonly pool: Pool,
    /** TypeORM over the same pool, for the read models' entities. */
    readonly dataSource: DataSource,
    /** For dedicated connections (LISTEN, projection leases) with the same settings as the pool. */
    readonly clientConfig: ClientConfig,
    private readonly embedded: EmbeddedPostgres | undefined,
    /**
     * Where queries of the read models go: a read replica (DATABASE_READ_URL), else `pool`. Never
     * for the ledger, access control or anything written: a replica may be a little behind.
     */
    readonly readPool: Pool = pool,
  ) {}

  get hasReadReplica(): boolean {
    return this.readPool !== this.pool;
  }

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
    const dataSource = await openDataSource(clientConfig, environment.DATABASE_POOL_SIZE);
    const pool = surviveLostConnections((dataSource.driver as unknown as { master: Pool }).master);
    const readPool = environment.DATABASE_READ_URL ? openReadReplica(environment.DATABASE_READ_URL, environment.DATABASE_POOL_SIZE, logger) : pool;
    return new DatabaseConnection(embedded ? 'embedded' : 'server', pool, dataSource, clientConfig, embedded, readPool);
  }

  async close(): Promise<void> {
    if (this.hasReadReplica) await this.readPool.end();
    await this.dataSource.destroy();
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

/**
 * TypeORM's DataSource builds the pool (TypeORM cannot adopt one made elsewhere), and the ledger
 * uses that pool directly: one pool, so the embedded database's connection limit is not split.
 */
export async function openDataSource(clientConfig: ClientConfig, poolSize: number): Promise<DataSource> {
  const dataSource = new DataSource({
    type: 'postgres',
    url: clientConfig.connectionString,
    entities: READ_MODEL_ENTITIES,
    synchronize: false,
    migrationsRun: false,
    poolSize,
    connectTimeoutMS: 5000,
    extra: clientConfig.options ? { options: clientConfig.options } : {},
    // An idle client dying (a server restart) must not crash the process; the next query reconnects.
    poolErrorHandler: () => undefined,
    logging: false,
  });
  return dataSource.initialize();
}

/** Connected lazily: the service starts, and writes, while the replica is down; its queries then answer 503. */
function openReadReplica(url: string, poolSize: number, logger: Logger): Pool {
  logger.log(`Queries of the read models go to the read replica at ${describeServer(url)}`);
  const pool = new Pool({ ...connectionSettings(url), max: poolSize, connectionTimeoutMillis: 5000 });
  pool.on('error', () => undefined); // an idle client dying (the replica restarting) must not crash the process
  return surviveLostConnections(pool);
}

/** Host, port and database only: never the password. */
function describeServer(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
}
