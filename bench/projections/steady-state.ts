import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Pool } from 'pg';

/*
 * What the benchmark waits for between the rebuilds and the parts that time a running service (pages,
 * exports, lag): those targets are for a service in its steady state, not for the minutes after an
 * operator rebuilt every read model.
 */

/**
 * Waits until the rebuilds' writes are on disk. Three rebuilds leave about 400 MB of written pages in
 * the operating system's cache, which it writes back over the next 15-20 s. While it does, a commit's
 * WAL flush can wait behind that writeback: each page read writes its access-log entry and commits, so
 * requests in those seconds took 100-400 ms instead of 20 (2026-11-29, docs/benchmarks.md).
 * CHECKPOINT writes and flushes PostgreSQL's own files (on a remote server too); `sync` flushes what
 * else this machine holds.
 */
export async function rebuildWritesOnDisk(pool: Pool): Promise<void> {
  const dirty = dirtyMegabytes();
  const started = performance.now();
  // CHECKPOINT needs a superuser or the pg_checkpoint role; without it, `sync` still flushes this machine's cache.
  const checkpointed = await pool.query('CHECKPOINT').then(() => true, () => false);
  const synced = syncDisks();
  const skipped = [checkpointed ? '' : 'CHECKPOINT was refused', synced ? '' : 'sync could not run'].filter(Boolean).join(', ');
  console.log(`\n(waited ${((performance.now() - started) / 1000).toFixed(1)} s for the rebuilds' writes to reach the disk: `
    + `${dirty === undefined ? 'unknown' : `${dirty.toFixed(0)} MB`} not yet written${skipped ? `; ${skipped}` : ''})`);
}

/** `sync`: this machine's written pages to disk. False where there is no such command. */
function syncDisks(): boolean {
  try {
    execFileSync('sync');
    return true;
  } catch {
    return false;
  }
}

/** The machine's written pages not yet on disk (`Dirty` in /proc/meminfo), in MB; undefined where there is no /proc. */
function dirtyMegabytes(): number | undefined {
  try {
    const kilobytes = /^Dirty:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1];
    return kilobytes === undefined ? undefined : Number(kilobytes) / 1024;
  } catch {
    return undefined;
  }
}

/**
 * Waits (at most two minutes) until no autovacuum worker runs on this database: after 200,000 events
 * written and three read models rebuilt, PostgreSQL vacuums and analyses the new tables, reading each
 * whole, for tens of seconds on two cores (where autovacuum is on; this machine has it off).
 */
export async function autovacuumDone(pool: Pool): Promise<void> {
  const started = performance.now();
  for (;;) {
    const { rows } = await pool.query<{ running: number }>(
      `SELECT count(*)::int AS running FROM pg_stat_activity WHERE backend_type = 'autovacuum worker' AND datname = current_database()`,
    );
    if (rows[0].running === 0 || performance.now() - started > 120_000) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  console.log(`(waited ${((performance.now() - started) / 1000).toFixed(1)} s for autovacuum on the new tables before the reads)`);
}
