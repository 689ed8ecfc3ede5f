import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { Pool } from 'pg';
import { describeOnServer, openTestDatabase, type TestDatabase } from '../../test/setup/test-database';
import { surviveLostConnections, translateConnectionError } from './connection-errors';

// Found by the database-outage suite: a pooled client checked out and between two queries when the
// server ends its connection emitted an `error` nobody heard, and Node ended the whole service.
describeOnServer('a pooled connection lost while checked out', () => {
  let database: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    database = await openTestDatabase(2);
    pool = surviveLostConnections(new Pool({ connectionString: database.url, max: 2 }));
    pool.on('error', () => undefined);
  });
  afterAll(async () => {
    await pool.end();
    await database.close();
  });

  it('given the server ends a checked-out connection between two queries, then the process lives on and the next query fails as LEDGER.UNAVAILABLE', async () => {
    const client = await pool.connect();
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    await database.pool.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
    await new Promise((resolve) => setTimeout(resolve, 200)); // the client hears of it while idle in our hands
    const failure = await client.query('SELECT 1').then(() => undefined, (error: unknown) => error);
    expect(translateConnectionError(failure)).toMatchObject({ code: 'LEDGER.UNAVAILABLE' });
    client.release();
    expect((await pool.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]); // the broken client was dropped, a new one serves
  });
});
