import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * A database of the benchmark's own on the server in DATABASE_URL (never the embedded one), dropped
 * afterwards whatever happens (unless BENCH_KEEP_DATABASE=1): benchmarks never touch real data.
 */
export async function withScratchDatabase<T>(prefix: string, work: (url: string) => Promise<T>): Promise<T> {
  const serverUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const name = `ledger_bench_${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  try {
    return await work(url.toString());
  } finally {
    // BENCH_KEEP_DATABASE=1 keeps it for a look afterwards (drop it yourself).
    if (process.env.BENCH_KEEP_DATABASE === '1') console.log(`Kept the scratch database ${name}`);
    else await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
