// Decides once, before any test file runs, which PostgreSQL the tests use:
// DATABASE_URL when set, else a server on 127.0.0.1:5432 when one answers, else an embedded one.
// LEDGER_TEST_DATABASE=embedded forces the embedded one. Test files read the choice from LEDGER_TEST_DATABASE_URL / LEDGER_TEST_DATABASE_MODE.
import pg from 'pg';

const LOCAL_SERVER = 'postgresql://postgres@127.0.0.1:5432/postgres';

async function answers(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export default async function chooseTestDatabase() {
  // LEDGER_TEST_DATABASE=embedded forces the embedded path, to check it on a machine that has a server.
  const forceEmbedded = process.env.LEDGER_TEST_DATABASE === 'embedded';
  const url = forceEmbedded ? undefined : process.env.DATABASE_URL || ((await answers(LOCAL_SERVER)) ? LOCAL_SERVER : undefined);
  process.env.LEDGER_TEST_DATABASE_MODE = url ? 'server' : 'embedded';
  if (url) process.env.LEDGER_TEST_DATABASE_URL = url;
  const where = url ? `the PostgreSQL server at ${new URL(url).host}` : 'an embedded PostgreSQL (PGlite) per test file';
  console.log(`\nTests run against ${where}.`);
  if (!url) console.log('Tests that need concurrent backends are skipped on the embedded database (it has one shared backend).');
}
