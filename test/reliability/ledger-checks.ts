import { expect } from '@jest/globals';
import type { Pool } from 'pg';
import { readModelSnapshot } from '../setup/read-model-snapshot';
import { runBuilt } from '../setup/run-built';
import type { LoadOutcome } from './load';

/** Every acknowledged event is in the ledger once, in its child's stream at the revision it was acknowledged with; nothing is there that was never sent. */
export async function expectAcknowledgedStoredOnce(pool: Pool, outcome: LoadOutcome): Promise<void> {
  const { rows } = await pool.query<{ event_id: string; stream_id: string; revision: string }>(
    `SELECT event_id, stream_id, revision FROM ledger_events WHERE type = 'ConcernRaised'`);
  const stored = new Map(rows.map((row) => [row.event_id, row]));
  expect(stored.size).toBe(rows.length);
  const missing = [...outcome.acknowledged].filter(([eventId, { childId, revision }]) => {
    const row = stored.get(eventId);
    return !row || row.stream_id !== `child-${childId}` || Number(row.revision) !== revision;
  });
  expect(missing).toEqual([]);
  expect(rows.filter((row) => !outcome.sent.has(row.event_id))).toEqual([]);
}

export async function expectChainsVerify(databaseUrl: string): Promise<void> {
  const verified = await runBuilt('src/cli/main.js', ['verify', '--no-progress'], { DATABASE_URL: databaseUrl }, 300_000);
  expect(verified.stdout).toMatch(/✔ \d+ streams, \d+ events checked; 0 broken/);
  expect(verified.code).toBe(0);
}

export async function caughtUp(pool: Pool): Promise<boolean> {
  const { rows } = await pool.query<{ projections: string; behind: string }>(
    `SELECT count(*) AS projections, count(*) FILTER (WHERE position < (SELECT coalesce(max(global_position), 0) FROM ledger_events)) AS behind
       FROM projection_checkpoints WHERE projection NOT LIKE '%@%'`);
  return Number(rows[0].projections) === 3 && Number(rows[0].behind) === 0;
}

export async function eventually(condition: () => Promise<boolean>, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not in time: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** What the running service's projections built equals what a rebuild from position 0 builds (`ledger rebuild all`). */
export async function expectReadModelsEqualRebuild(pool: Pool, databaseUrl: string): Promise<void> {
  await eventually(() => caughtUp(pool), 'projections caught up');
  const live = await readModelSnapshot(pool);
  const rebuilt = await runBuilt('src/cli/main.js', ['rebuild', 'all', '--no-progress'], { DATABASE_URL: databaseUrl }, 600_000);
  expect(rebuilt.code).toBe(0);
  expect(await readModelSnapshot(pool)).toEqual(live);
}
