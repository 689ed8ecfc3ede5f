import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { profiled } from '../cpu-profile';
import { cpuNow } from '../projections/bench-service';
import { withScratchDatabase } from '../scratch-database';
import { systemClock } from '../../src/common/clock';
import { runMigrations } from '../../src/database/ledger-migrations';
import { sampleEvent } from '../../src/ledger/contract/sample-events';
import { AppendNotifier } from '../../src/ledger/postgres/append-notifier';
import { PostgresEventStore } from '../../src/ledger/postgres/postgres-event-store';
import { appendBaseline, createBaseline } from './baseline-store';

/*
 * Append benchmark (issue 2): 20,000 events of ~600 bytes over 2,000 streams, with 1, 8 and 32
 * concurrent writers, single events and batches of 10, against the ledger and the baseline in the
 * same run. Each writer owns its own streams and appends at the exact revision it knows.
 * Usage: DATABASE_URL=postgresql://... npm run bench:append   (a real server; never the embedded one)
 * Narrow a run with BENCH_WRITERS=8 BENCH_BATCHES=10 BENCH_REPEATS=1 BENCH_EVENTS=20000.
 * BENCH_PROFILE=<directory> writes a CPU profile of each ledger measurement there.
 */
const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
const STREAMS = 2_000;
const REPEATS = Number(process.env.BENCH_REPEATS ?? 2);
const WRITERS = (process.env.BENCH_WRITERS ?? '1,8,32').split(',').map(Number);
const BATCHES = (process.env.BENCH_BATCHES ?? '1,10').split(',').map(Number);

type Append = (streamId: string, expected: number, events: ReturnType<typeof sampleEvent>[]) => Promise<void>;

/** `nodeCpu` and `otherCpu`: CPU µs per event in this process and in the rest of the machine (PostgreSQL). */
interface Measurement { eventsPerSecond: number; p50: number; p99: number; nodeCpu: number; otherCpu: number }

async function measure(append: Append, writers: number, batch: number): Promise<Measurement> {
  const run = randomBytes(4).toString('hex');
  const revisions = new Map<string, number>();
  const latencies: number[] = [];
  const appendsPerWriter = Math.ceil(EVENTS / batch / writers);
  const cpuBefore = cpuNow();
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: writers }, async (_, writer) => {
    const owned = Array.from({ length: Math.ceil(STREAMS / writers) }, (_, i) => `child-bench-${run}-${writer}-${i}`);
    for (let i = 0; i < appendsPerWriter; i++) {
      const streamId = owned[i % owned.length];
      const expected = revisions.get(streamId) ?? -1;
      const events = Array.from({ length: batch }, () => sampleEvent());
      const t0 = process.hrtime.bigint();
      await append(streamId, expected, events);
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      revisions.set(streamId, expected + batch);
    }
  }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuAfter = cpuNow();
  const events = appendsPerWriter * writers * batch;
  const nodeCpu = (cpuAfter.own - cpuBefore.own) / events;
  const otherCpu = (cpuAfter.machine - cpuBefore.machine) / events - nodeCpu;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { eventsPerSecond: events / seconds, p50: at(0.5), p99: at(0.99), nodeCpu, otherCpu };
}

async function main(): Promise<void> {
  await withScratchDatabase('append', async (url) => {
    const pool = new Pool({ connectionString: url, max: 40 });
    pool.on('error', () => undefined); // idle clients ended by DROP DATABASE at the end
    try {
      await runMigrations(url);
      await createBaseline(pool);
      const notifier = new AppendNotifier(pool, undefined);
      const store = new PostgresEventStore(pool, systemClock, notifier);
      const ledger: Append = async (streamId, expected, events) => {
        await store.append(streamId, events, { expectedRevision: expected < 0 ? 'no_stream' : expected });
      };
      const baseline: Append = (streamId, expected, events) => appendBaseline(pool, streamId, expected, events);
      console.log(`| writers | batch | baseline events/s | ledger events/s | ledger / baseline | ledger p50 ms | ledger p99 ms | baseline p50 ms | baseline p99 ms |`);
      console.log(`|---:|---:|---:|---:|---:|---:|---:|---:|---:|`);
      const cpuLines: string[] = [];
      for (const writers of WRITERS) {
        for (const batch of BATCHES) {
          const best = { ledger: undefined as Measurement | undefined, baseline: undefined as Measurement | undefined };
          for (let repeat = 0; repeat < REPEATS; repeat++) {
            for (const [label, append] of [['baseline', baseline], ['ledger', ledger]] as const) {
              const result = label === 'baseline'
                ? await measure(append, writers, batch)
                : await profiled(process.env.BENCH_PROFILE, `append-${writers}x${batch}-${repeat}`, () => measure(append, writers, batch));
              if (!best[label] || result.eventsPerSecond > best[label]!.eventsPerSecond) best[label] = result;
            }
          }
          const l = best.ledger!;
          const b = best.baseline!;
          console.log(`| ${writers} | ${batch} | ${b.eventsPerSecond.toFixed(0)} | ${l.eventsPerSecond.toFixed(0)} | ${(l.eventsPerSecond / b.eventsPerSecond).toFixed(2)} | ${l.p50.toFixed(2)} | ${l.p99.toFixed(2)} | ${b.p50.toFixed(2)} | ${b.p99.toFixed(2)} |`);
          cpuLines.push(`| ${writers} | ${batch} | ${b.nodeCpu.toFixed(0)} | ${b.otherCpu.toFixed(0)} | ${l.nodeCpu.toFixed(0)} | ${l.otherCpu.toFixed(0)} |`);
        }
      }
      console.log(`\nCPU µs per event in the best runs (this process; the rest of the machine, mostly PostgreSQL):\n`);
      console.log(`| writers | batch | baseline Node | baseline rest | ledger Node | ledger rest |`);
      console.log(`|---:|---:|---:|---:|---:|---:|`);
      for (const line of cpuLines) console.log(line);
      await reportReadRate(store);
      await notifier.close();
    } finally {
      await pool.end();
    }
  });
}

async function reportReadRate(store: PostgresEventStore): Promise<void> {
  const started = process.hrtime.bigint();
  let checkpoint: string | undefined;
  let count = 0;
  for (;;) {
    const page = await store.readAll({ after: checkpoint, limit: 1000 });
    count += page.events.length;
    checkpoint = page.checkpoint;
    if (page.events.length < 1000) break;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`\nGlobal read (readAll, pages of 1,000): ${count} events in ${seconds.toFixed(2)} s = ${(count / seconds).toFixed(0)} events/s`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
