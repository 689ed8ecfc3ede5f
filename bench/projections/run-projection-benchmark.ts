import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Pool } from 'pg';
import { EVENT_EXAMPLES } from '../../src/children/catalogue/event-examples';
import { systemClock } from '../../src/common/clock';
import { runMigrations } from '../../src/database/ledger-migrations';
import type { EventStore } from '../../src/ledger/event-store.port';
import { AppendNotifier } from '../../src/ledger/postgres/append-notifier';
import { PostgresEventStore } from '../../src/ledger/postgres/postgres-event-store';
import { CaseStateProjection } from '../../src/projections/case-state/case-state.projection';
import { ChronologyProjection } from '../../src/projections/chronology/chronology.projection';
import type { Projection } from '../../src/projections/runner/projection';
import { ProjectionLeases } from '../../src/projections/runner/projection-leases';
import { rebuildProjection } from '../../src/projections/runner/rebuild-projection';
import { withScratchDatabase } from '../scratch-database';
import { AGENCIES, writeHistory, type ChildHistory } from './bench-history';
import { measureExport, measurePages, type PageFigures } from './bench-reads';
import { json, startService, stopService } from './bench-service';
import { measureLag, type Acknowledged, type LagResult } from './measure-lag';

/*
 * Read-model benchmark (issue 5), on a scratch database of a real PostgreSQL server:
 * 1. rebuilds of the chronology and the case state from a ledger of EVENTS events (RSS sampled every 100 ms);
 * 2. the service (`node dist/src/main.js`, its own process) answering pages of 500 rows of a child with
 *    BIG_CHILD events, first and deep pages, and the asOf replay; the CSV and PDF exports of that child;
 * 3. subscriber lag: events appended at a steady LAG_RATE per second for LAG_SECONDS, through the HTTP API
 *    and straight into the ledger from this process (as another instance would), while the service projects.
 * Usage: DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npm run bench:projections
 */
const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const BIG_CHILD = Number(process.env.BENCH_BIG_CHILD ?? 5_000);
const PER_CHILD = 100;
const PAGE_REQUESTS = Number(process.env.BENCH_PAGE_REQUESTS ?? 200);
const AS_OF_REQUESTS = Number(process.env.BENCH_AS_OF_REQUESTS ?? 40);
const LAG_RATE = Number(process.env.BENCH_LAG_RATE ?? 1_000);
const LAG_SECONDS = Number(process.env.BENCH_LAG_SECONDS ?? 20);
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
      console.log(`Ledger: ${events} events (${children.length} children of ${PER_CHILD}, one of ${BIG_CHILD}) written in ${((performance.now() - writing) / 1000).toFixed(1)} s\n`);

      console.log('| read model | events | seconds | events/s | Node CPU µs/event | rest of the machine µs/event | RSS MB start / peak / end |');
      console.log('|---|---:|---:|---:|---:|---:|---|');
      const leases = new ProjectionLeases({ connectionString: url }, 'projection-benchmark');
      try {
        for (const projection of [new ChronologyProjection(), new CaseStateProjection()]) await rebuild(pool, store, projection, leases);
      } finally {
        await leases.close();
      }

      const service = await startService(url, ADMIN_KEY);
      try {
        await readsAndExports(service.base, big);
        await lag(service.base, url, store, children);
      } finally {
        await stopService(service);
      }
    } finally {
      await notifier.close();
      await pool.end();
    }
  });
}

/** CPU time (µs) used so far by the whole machine, from /proc/stat. */
function machineCpu(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return (fields[0] + fields[1] + fields[2] + fields[5] + fields[6]) * 10_000;
}

async function rebuild(pool: Pool, store: EventStore, projection: Projection, leases: ProjectionLeases): Promise<void> {
  const start = process.memoryUsage().rss;
  let peak = start;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  const cpu = process.cpuUsage();
  const machine = machineCpu();
  const started = performance.now();
  const { eventsHandled } = await rebuildProjection(pool, store, projection, leases);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const own = process.cpuUsage(cpu);
  const node = own.user + own.system;
  const rest = machineCpu() - machine - node;
  const end = process.memoryUsage().rss;
  console.log(`| ${projection.name} | ${eventsHandled} | ${seconds.toFixed(1)} | ${(eventsHandled / seconds).toFixed(0)} | ${(node / eventsHandled).toFixed(0)} | ${(rest / eventsHandled).toFixed(0)} | ${mb(start)} / ${mb(Math.max(peak, end))} / ${mb(end)} |`);
}

async function readsAndExports(base: string, big: ChildHistory): Promise<void> {
  const admin = { Authorization: `Bearer ${ADMIN_KEY}` };
  const keys = new Map<string, string>();
  for (const agency of AGENCIES) keys.set(agency.id, (await json('POST', `${base}/v1/agencies`, admin, agency)).apiKey as string);
  const reviewer = { Authorization: `Bearer ${(await json('POST', `${base}/v1/principals`, admin, { role: 'reviewer', name: 'Bench reviewer' })).apiKey as string}`, 'X-Purpose': 'projection benchmark' };
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

async function lag(base: string, url: string, store: EventStore, children: readonly ChildHistory[]): Promise<void> {
  const school = (await json('POST', `${base}/v1/agencies`, { Authorization: `Bearer ${ADMIN_KEY}` }, { id: 'school-lag', name: 'Lag school', kind: 'school' })).apiKey as string;
  const types = ['ConcernRaised', 'VisitCompleted', 'AppointmentMissed'];
  const viaHttp = async (index: number): Promise<Acknowledged> => {
    const child = children[index % children.length];
    const type = types[index % types.length];
    const body = { eventId: randomUUID(), type, occurredAt: '2026-11-20T09:30:00Z', data: EVENT_EXAMPLES[type] };
    const answer = await json('POST', `${base}/v1/children/${child.childId}/events`, { Authorization: `Bearer ${school}` }, body);
    return { eventId: answer.eventId as string, childId: child.childId, revision: answer.revision as number };
  };
  const viaStore = async (index: number): Promise<Acknowledged> => {
    const child = children[(index * 7) % children.length];
    const type = types[index % types.length];
    const eventId = randomUUID();
    const result = await store.append(child.streamId, [{
      eventId, type, schemaVersion: 1, occurredAt: '2026-11-20', occurredAtPrecision: 'date', data: EVENT_EXAMPLES[type],
      metadata: { actor: { principalId: 'bench-lag', role: 'agency' }, agencyId: 'school-lag', correlationId: randomUUID(), sensitivity: 'normal' },
    }]);
    return { eventId, childId: child.childId, revision: result.lastRevision };
  };
  console.log(`\nSubscriber lag, ${LAG_RATE} events/s for ${LAG_SECONDS} s (acknowledged → visible in the read model):\n`);
  console.log('| appended through | events | events/s | append p50 / p99 ms | chronology p50 / p95 / p99 / max ms | case state p50 / p95 / p99 / max ms | not seen |');
  console.log('|---|---:|---:|---|---|---|---:|');
  for (const [label, append] of [['HTTP (single events)', viaHttp], ['EventStore (another process)', viaStore]] as const) {
    const result: LagResult = await measureLag(url, append, LAG_RATE, LAG_SECONDS);
    const four = (s: LagResult['chronology']) => `${ms(s.p50)} / ${ms(s.p95)} / ${ms(s.p99)} / ${ms(s.max)}`;
    console.log(`| ${label} | ${result.sent} | ${result.eventsPerSecond.toFixed(0)} | ${ms(result.ack.p50)} / ${ms(result.ack.p99)} | ${four(result.chronology)} | ${four(result.caseState)} | ${result.unseen} |`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
