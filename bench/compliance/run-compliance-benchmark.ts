import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { systemClock } from '../../src/common/clock';
import { ComplianceReportHandler, ComplianceReportQuery } from '../../src/compliance/findings/compliance-report.query';
import { ComplianceProjection } from '../../src/compliance/findings/compliance.projection';
import { DEFAULT_PROFILE } from '../../src/compliance/profile/policy-profile';
import { RULES } from '../../src/compliance/rules/rule-catalogue';
import type { DatabaseConnection } from '../../src/database/database-connection';
import { runMigrations } from '../../src/database/ledger-migrations';
import { AppendNotifier } from '../../src/ledger/postgres/append-notifier';
import { PostgresEventStore } from '../../src/ledger/postgres/postgres-event-store';
import { ProjectionLeases } from '../../src/projections/runner/projection-leases';
import { ProjectionRunner } from '../../src/projections/runner/projection-runner';
import { rebuildProjection } from '../../src/projections/runner/rebuild-projection';
import { profiled } from '../cpu-profile';
import { writeHistory } from '../projections/bench-history';
import { withScratchDatabase } from '../scratch-database';

/*
 * Compliance benchmark (issue 6): BENCH_CHILDREN children of BENCH_PER_CHILD events (default 10,000
 * × 50 = 500,000) written to a scratch database; then the full re-evaluation (a rebuild of the
 * compliance projection: every rule over every child), the incremental cost per event (single-event
 * appends to random children, each applied by the runner), and the report over all the findings.
 * Usage: DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npm run bench:compliance
 * (BENCH_PROFILE=<directory>: CPU profiles of the full re-evaluation and of the live steps, written there; BENCH_GATHER_IN_SQL=0:
 * gathered page by page through the service, as stores other than PostgreSQL's are)
 */
const CHILDREN = Number(process.env.BENCH_CHILDREN ?? 10_000);
const PER_CHILD = Number(process.env.BENCH_PER_CHILD ?? 50);
const INCREMENTAL = Number(process.env.BENCH_INCREMENTAL ?? 2_000);

async function main(): Promise<void> {
  await withScratchDatabase('compliance', async (url) => {
    await runMigrations(url);
    const pool = new Pool({ connectionString: url, max: 20 });
    pool.on('error', () => undefined);
    const store = new PostgresEventStore(pool, systemClock, new AppendNotifier(pool, undefined));
    const leases = new ProjectionLeases({ connectionString: url }, 'compliance-benchmark');
    const projection = new ComplianceProjection(RULES, DEFAULT_PROFILE);
    try {
      const writing = performance.now();
      const { children } = await writeHistory(store, { children: CHILDREN, perChild: PER_CHILD, bigChild: 0, batch: 10, writers: 32 });
      const { events } = await store.statistics();
      console.log(`Ledger: ${events} events over ${children.length} children, written in ${((performance.now() - writing) / 1000).toFixed(1)} s`);

      let peakRss = 0;
      const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 100);
      const started = performance.now();
      let judgingFrom = 0;
      const { eventsHandled } = await profiled(process.env.BENCH_PROFILE, 'compliance-rebuild', () => rebuildProjection(pool, store, projection, leases, {
        gatherWriters: 2, // as the CLI does on a server
        gatherInDatabase: process.env.BENCH_GATHER_IN_SQL !== '0', // 0: page by page through the service, as before ADR 0019
        onFinishing: () => { judgingFrom ||= performance.now(); },
      }));
      const seconds = (performance.now() - started) / 1000;
      if (judgingFrom) console.log(`Rebuild: events gathered in ${((judgingFrom - started) / 1000).toFixed(1)} s, then every child judged once in ${((performance.now() - judgingFrom) / 1000).toFixed(1)} s`);
      clearInterval(sampler);
      const { rows: [counts] } = await pool.query<{ findings: string }>('SELECT count(*) AS findings FROM compliance_findings');
      console.log(`Full re-evaluation: ${eventsHandled} events, ${counts.findings} findings in ${seconds.toFixed(1)} s (${Math.round(eventsHandled / seconds)} events/s), peak RSS ${Math.round(peakRss / 1048576)} MB`);

      // Incremental, two ways. Alone: each event appended, then applied in a step of its own (a
      // transaction, a checkpoint and a commit per event: the worst case). Live: as the service runs the
      // projection (ADR 0010), a step every 250 ms takes what arrived meanwhile; here 50 events to random
      // children per step, the rate of a busy partnership (200 events/s).
      const appendRandom = async (count: number) => {
        for (let i = 0; i < count; i++) {
          const child = children[Math.floor(Math.random() * children.length)];
          const result = await store.append(child.streamId, child.next(1), { expectedRevision: child.revision });
          child.revision = result.lastRevision;
        }
      };
      const measureSteps = async (rounds: number, perRound: number, batchSize: number) => {
        const runner = new ProjectionRunner(pool, store, projection, leases, { batchSize });
        let applying = 0;
        for (let round = 0; round < rounds; round++) {
          await appendRandom(perRound);
          const before = performance.now();
          while ((await runner.step()) === 'applied') { /* until caught up */ }
          applying += performance.now() - before;
        }
        return applying / (rounds * perRound);
      };
      const alone = await measureSteps(INCREMENTAL, 1, 1);
      console.log(`Incremental, alone: ${INCREMENTAL} single events to random children, ${alone.toFixed(2)} ms per event for the compliance projection (a step and a transaction each: read, judge the child again, write, commit)`);
      const live = await profiled(process.env.BENCH_PROFILE, 'compliance-live', () => measureSteps(INCREMENTAL / 50, 50, 500));
      console.log(`Incremental, live: ${INCREMENTAL} events to random children in steps of 50, ${live.toFixed(2)} ms per event for the compliance projection`);

      const report = new ComplianceReportHandler({ pool, readPool: pool } as DatabaseConnection);
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const before = performance.now();
        const rows = await report.execute(new ComplianceReportQuery('2000-01-01', '2030-12-31', new Date()));
        times.push(performance.now() - before);
        if (i === 0) console.log(`Report: ${rows.length} rows (rule × agency)`);
      }
      console.log(`Report over every finding: ${times.map((ms) => ms.toFixed(0)).join(' · ')} ms`);
    } finally {
      await leases.close();
      await pool.end();
    }
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
