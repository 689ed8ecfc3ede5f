import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { systemClock } from '../../src/common/clock';
import { runMigrations } from '../../src/database/ledger-migrations';
import type { EventStore } from '../../src/ledger/event-store.port';
import { AppendNotifier } from '../../src/ledger/postgres/append-notifier';
import { PostgresEventStore } from '../../src/ledger/postgres/postgres-event-store';
import { ComplianceProjection } from '../../src/compliance/findings/compliance.projection';
import { DEFAULT_PROFILE } from '../../src/compliance/profile/policy-profile';
import { RULES } from '../../src/compliance/rules/rule-catalogue';
import { CaseStateProjection } from '../../src/projections/case-state/case-state.projection';
import { ChronologyProjection } from '../../src/projections/chronology/chronology.projection';
import type { Projection } from '../../src/projections/runner/projection';
import { ProjectionLeases } from '../../src/projections/runner/projection-leases';
import { rebuildProjection } from '../../src/projections/runner/rebuild-projection';
import { describeMachineReference, measureMachineReference } from '../machine-reference';
import { withScratchDatabase } from '../scratch-database';
import { AGENCIES, writeHistory, type ChildHistory } from './bench-history';
import { measureExport, measurePages, type PageFigures } from './bench-reads';
import { cpuNow, json, startService, stopService } from './bench-service';
import { lagScenarios } from './lag-scenarios';
import { autovacuumDone, rebuildWritesOnDisk } from './steady-state';

/*
 * Read-model benchmark (issue 5), on a scratch database of a real PostgreSQL server:
 * 0. a machine reference (../machine-reference.ts), for comparing runs of different days;
 * 1. rebuilds of the chronology, the case state and compliance from a ledger of EVENTS events (RSS sampled
 *    every 100 ms), then a wait until their writes are on disk (./steady-state.ts);
 * 2. the service (`node dist/src/main.js`, its own process) answering pages of 500 rows of a child with
 *    BIG_CHILD events, first and deep pages, and the asOf replay; the CSV and PDF exports of that child;
 * 3. subscriber lag: events appended at a steady LAG_RATE per second for LAG_SECONDS (after a few seconds of
 *    warm-up), through the HTTP API and straight into the ledger from this process (as another instance
 *    would), while the service projects.
 * Usage: DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npm run bench:projections
 * (BENCH_COMPLIANCE_PROCESS=own runs the compliance projection in a second service process)
 */
const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const BIG_CHILD = Number(process.env.BENCH_BIG_CHILD ?? 5_000);
const PER_CHILD = 100;
const PAGE_REQUESTS = Number(process.env.BENCH_PAGE_REQUESTS ?? 200);
const AS_OF_REQUESTS = Number(process.env.BENCH_AS_OF_REQUESTS ?? 40);
const LAG_RATE = Number(process.env.BENCH_LAG_RATE ?? 1_000);
const LAG_SECONDS = Number(process.env.BENCH_LAG_SECONDS ?? 20);
const LAG_WARM_UP_SECONDS = Number(process.env.BENCH_LAG_WARM_UP_SECONDS ?? 3);
/** Which parts run after the rebuilds (for narrowing an investigation): reads, lag. */
const PARTS = (process.env.BENCH_PARTS ?? 'reads,lag').split(',');
const COMPLIANCE_PROCESS = process.env.BENCH_COMPLIANCE_PROCESS ?? 'shared';
const ADMIN_KEY = randomBytes(24).toString('hex');

const ms = (value: number) => value.toFixed(1);
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);

async function main(): Promise<void> {
  await withScratchDatabase('projections', async (url) => {
    await runMigrations(url);
    const pool = new Pool({ connectionString: url, max: 20 });
    pool.on('error', () => undefined); // a client still closing when the scratch database is dropped
    const notifier = new AppendNotifier(pool, undefined);
    const store = new PostgresEventStore(pool, systemClock, notifier);
    try {
      const writing = performance.now();
      const { big, children } = await writeHistory(store, { children: Math.round((EVENTS - BIG_CHILD) / PER_CHILD), perChild: PER_CHILD, bigChild: BIG_CHILD, batch: 10, writers: 32 });
      const { events } = await store.statistics();
      console.log(`Ledger: ${events} events (${children.length} children of ${PER_CHILD}, one of ${BIG_CHILD}) written in ${((performance.now() - writing) / 1000).toFixed(1)} s`);
      console.log(`${describeMachineReference(await measureMachineReference(pool))}\n`);

      console.log('| read model | events | seconds | events/s | Node CPU µs/event | rest of the machine µs/event | WAL bytes/event | RSS MB: start / peak in 1st half / peak in 2nd half / end |');
      console.log('|---|---:|---:|---:|---:|---:|---:|---|');
      const leases = new ProjectionLeases({ connectionString: url }, 'projection-benchmark');
      try {
        for (const projection of [new ChronologyProjection(), new CaseStateProjection(), new ComplianceProjection(RULES, DEFAULT_PROFILE)]) await rebuild(pool, store, projection, leases, events);
      } finally {
        await leases.close();
      }

      await rebuildWritesOnDisk(pool);

      // BENCH_COMPLIANCE_PROCESS=own: the compliance projection runs in a second service process
      // (RUN_PROJECTIONS=compliance), the one taking requests runs the chronology and the case state.
      const ownProcess = COMPLIANCE_PROCESS === 'own';
      const service = await startService(url, ADMIN_KEY, ownProcess ? { RUN_PROJECTIONS: 'chronology,case-state' } : {});
      const complianceService = ownProcess ? await startService(url, ADMIN_KEY, { RUN_PROJECTIONS: 'compliance' }) : undefined;
      console.log(`\nCompliance projection: ${ownProcess ? 'in a process of its own' : 'in the service taking the requests'}`);
      try {
        if (PARTS.includes('reads')) {
          await autovacuumDone(pool);
          await readsAndExports(service.base, big);
        }
        if (PARTS.includes('lag')) await lagScenarios({ base: service.base, url, pool, store, children, adminKey: ADMIN_KEY, servicePid: service.process.pid!, rate: LAG_RATE, seconds: LAG_SECONDS, warmUpSeconds: LAG_WARM_UP_SECONDS });
      } finally {
        await stopService(service);
        if (complianceService) await stopService(complianceService);
      }
    } finally {
      await notifier.close();
      await pool.end();
    }
  });
}

async function rebuild(pool: Pool, store: EventStore, projection: Projection, leases: ProjectionLeases, total: number): Promise<void> {
  const start = process.memoryUsage().rss;
  const peaks = [start, start]; // the highest RSS while the first half of the events was applied, and the second
  let handled = 0;
  const sampler = setInterval(() => {
    const half = handled < total / 2 ? 0 : 1;
    peaks[half] = Math.max(peaks[half], process.memoryUsage().rss);
  }, 100);
  const walBefore = await walPosition(pool);
  const cpu = cpuNow();
  const started = performance.now();
  // As the CLI's `rebuild` does on a database server: pages gathered on two connections at once.
  const { eventsHandled } = await rebuildProjection(pool, store, projection, leases, { gatherWriters: 2, onProgress: (events) => (handled = events) });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const after = cpuNow();
  const node = after.own - cpu.own;
  const rest = after.machine - cpu.machine - node;
  const end = process.memoryUsage().rss;
  const wal = (await pool.query<{ bytes: string }>('SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1) AS bytes', [walBefore])).rows[0].bytes;
  console.log(`| ${projection.name} | ${eventsHandled} | ${seconds.toFixed(1)} | ${(eventsHandled / seconds).toFixed(0)} | ${(node / eventsHandled).toFixed(0)} | ${(rest / eventsHandled).toFixed(0)} | ${(Number(wal) / eventsHandled).toFixed(0)} | ${mb(start)} / ${mb(peaks[0])} / ${mb(peaks[1])} / ${mb(end)} |`);
}

/** The server's WAL position now (the whole server's: other databases' writes count too). */
async function walPosition(pool: Pool): Promise<string> {
  return (await pool.query<{ lsn: string }>('SELECT pg_current_wal_lsn() AS lsn')).rows[0].lsn;
}

async function readsAndExports(base: string, big: ChildHistory): Promise<void> {
  const admin = { Authorization: `Bearer ${ADMIN_KEY}` };
  const keys = new Map<string, string>();
  for (const agency of AGENCIES) keys.set(agency.id, (await json('POST', `${base}/v1/agencies`, admin, agency)).apiKey as string);
  const principal = await json('POST', `${base}/v1/principals`, admin, { role: 'reviewer', name: 'Bench reviewer' });
  // A reviewer reads only the children assigned to it (issue 7).
  await json('POST', `${base}/v1/reviews`, admin, { reviewerId: principal.id, childIds: [big.childId], purpose: 'projection benchmark', expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
  const reviewer = { Authorization: `Bearer ${principal.apiKey as string}`, 'X-Purpose': 'projection benchmark' };
  const agency = { Authorization: `Bearer ${keys.get(AGENCIES[0].id)!}` };

  const row = (label: string, figures: PageFigures, part: 'first' | 'deep' | 'all') => {
    const s = figures[part];
    console.log(`| ${label} | ${part === 'first' ? 'first page' : part === 'deep' ? `pages 2-${figures.pages}` : 'all'} | ${s.n} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.p99)} | ${ms(s.max)} |`);
  };
  console.log(`\nChronology pages of 500 rows, child of ${BIG_CHILD} events, one request at a time:\n`);
  console.log('| reader | pages | requests | p50 ms | p95 ms | p99 ms | max ms |');
  console.log('|---|---|---:|---:|---:|---:|---:|');
  const figures: Array<[string, PageFigures]> = [
    ['reviewer', await measurePages(base, big.childId, reviewer, { limit: '500' }, PAGE_REQUESTS)],
    ['agency', await measurePages(base, big.childId, agency, { limit: '500' }, PAGE_REQUESTS)],
    ['reviewer, asOf now', await measurePages(base, big.childId, reviewer, { limit: '500', asOf: new Date().toISOString() }, AS_OF_REQUESTS)],
  ];
  for (const [label, result] of figures) for (const part of ['first', 'deep', 'all'] as const) row(label, result, part);
  console.log(`\n(${figures[0][1].rows} rows in ${figures[0][1].pages} pages; ${(figures[0][1].bytesPerPage / 1024).toFixed(0)} KiB a page)\n`);

  console.log('| export | runs ms | bytes |');
  console.log('|---|---|---:|');
  for (const format of ['csv', 'pdf'] as const) {
    const result = await measureExport(base, big.childId, reviewer, format, 3);
    console.log(`| ${format} | ${result.ms.map((value) => value.toFixed(0)).join(' · ')} | ${result.bytes} |`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
