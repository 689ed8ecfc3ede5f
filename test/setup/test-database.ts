import { randomBytes } from 'node:crypto';
import { describe } from '@jest/globals';
import { Client, Pool } from 'pg';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { runMigrations } from '../../src/database/ledger-migrations';

export type TestDatabaseMode = 'server' | 'embedded';

export interface TestDatabase {
  mode: TestDatabaseMode;
  url: string;
  pool: Pool;
  close(): Promise<void>;
}

export const testDatabaseMode: TestDatabaseMode = process.env.LEDGER_TEST_DATABASE_MODE === 'server' ? 'server' : 'embedded';

/**
 * Tests that interleave transactions need several real backends; PGlite serialises every
 * connection onto one. On the embedded database they are skipped, and their name says why.
 */
export function describeOnServer(name: string, body: () => void): void {
  if (testDatabaseMode === 'server') describe(name, body);
  else describe.skip(`${name} [skipped on the embedded database: needs concurrent PostgreSQL backends]`, body);
}

/** A fresh, migrated database of this test file's own: a new database on the server, or a new in-memory PGlite. */
export async function openTestDatabase(poolSize = 20): Promise<TestDatabase> {
  if (testDatabaseMode === 'embedded') {
    const embedded = await startEmbeddedPostgres({ maxConnections: poolSize + 5 });
    await runMigrations(embedded.url);
    const pool = new Pool({ connectionString: embedded.url, max: poolSize });
    return { mode: 'embedded', url: embedded.url, pool, close: async () => { await endPool(pool); await embedded.stop(); } };
  }
  const serverUrl = process.env.LEDGER_TEST_DATABASE_URL!;
  const name = `ledger_test_${randomBytes(6).toString('hex')}`;
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await runMigrations(url.toString());
  const pool = new Pool({ connectionString: url.toString(), max: poolSize });
  pool.on('error', () => undefined); // idle clients are ended by DROP DATABASE ... WITH (FORCE) at close
  return {
    mode: 'server',
    url: url.toString(),
    pool,
    close: async () => {
      await endPool(pool);
      await withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A test that failed half-way may leave a client checked out; never let that hang the run. */
async function endPool(pool: Pool): Promise<void> {
  await Promise.race([pool.end(), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
}
