import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Pool } from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';

// Runs on the embedded database whatever the test database is: it is about the embedded one.
describe('the embedded database under concurrent connections', () => {
  let embedded: EmbeddedPostgres;
  let pool: Pool;
  beforeAll(async () => {
    embedded = await startEmbeddedPostgres({ maxConnections: 10 });
    pool = new Pool({ connectionString: embedded.url, max: 8 });
  });
  afterAll(async () => {
    await pool.end();
    await embedded.stop();
  });

  it('given many parameterised queries at once on several connections, then every one gets its own answer', async () => {
    const answers = await Promise.all(Array.from({ length: 300 }, (_, i) => pool.query<{ n: number; label: string }>('SELECT $1::int AS n, $2::text AS label', [i, `q${i}`])));
    expect(answers.map((answer) => answer.rows[0])).toEqual(Array.from({ length: 300 }, (_, i) => ({ n: i, label: `q${i}` })));
  });

  it('given a transaction on one connection, then queries on others wait for it and still succeed', async () => {
    await pool.query('CREATE TABLE IF NOT EXISTS t (n int)');
    const client = await pool.connect();
    await client.query('BEGIN');
    await client.query('INSERT INTO t VALUES ($1)', [1]);
    const others = Promise.all(Array.from({ length: 20 }, (_, i) => pool.query('SELECT $1::int AS n', [i])));
    await client.query('INSERT INTO t VALUES ($1)', [2]);
    await client.query('COMMIT');
    client.release();
    expect((await others).map((answer) => answer.rows[0].n)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect((await pool.query('SELECT count(*)::int AS n FROM t')).rows[0].n).toBe(2);
  });
});
