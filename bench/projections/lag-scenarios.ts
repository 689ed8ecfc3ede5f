import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { EVENT_EXAMPLES } from '../../src/children/catalogue/event-examples';
import type { EventStore } from '../../src/ledger/event-store.port';
import type { ChildHistory } from './bench-history';
import { cpuNow, json } from './bench-service';
import { measureLag, type Acknowledged, type LagResult, type LagWatch } from './measure-lag';

interface LagSetting {
  base: string; url: string; pool: Pool; store: EventStore; children: readonly ChildHistory[];
  adminKey: string; servicePid: number; rate: number; seconds: number;
  /** Seconds at the same rate before measuring, not counted: the service's first intake requests (JIT, new pool connections) are not the steady state. */
  warmUpSeconds: number;
}

const TYPES = ['ConcernRaised', 'VisitCompleted', 'AppointmentMissed'];
/** How events are seen arriving in the read models (measure-lag.ts): `checkpoints` (default) or `rows`. */
const WATCH: LagWatch = process.env.BENCH_LAG_WATCH === 'rows' ? 'rows' : 'checkpoints';
const ms = (value: number) => value.toFixed(1);

/**
 * Subscriber lag while the service's runners project: events appended through the service's HTTP
 * API (the runners are woken in-process), then straight into the ledger from this process, as
 * another instance would (the runners are woken by NOTIFY). Also reports how often the checkpoints
 * moved (one UPDATE per projection step) and the CPU spent per event by each party.
 */
export async function lagScenarios(setting: LagSetting): Promise<void> {
  const { base, store, children } = setting;
  const school = (await json('POST', `${base}/v1/agencies`, { Authorization: `Bearer ${setting.adminKey}` }, { id: 'school-lag', name: 'Lag school', kind: 'school' })).apiKey as string;
  const viaHttp = async (index: number): Promise<Acknowledged> => {
    const child = children[index % children.length];
    const type = TYPES[index % TYPES.length];
    const body = { eventId: randomUUID(), type, occurredAt: '2026-11-20T09:30:00Z', data: EVENT_EXAMPLES[type] };
    const answer = await json('POST', `${base}/v1/children/${child.childId}/events`, { Authorization: `Bearer ${school}` }, body);
    return { eventId: answer.eventId as string, childId: child.childId, revision: answer.revision as number };
  };
  const viaStore = async (index: number): Promise<Acknowledged> => {
    const child = children[(index * 7) % children.length];
    const type = TYPES[index % TYPES.length];
    const eventId = randomUUID();
    const result = await store.append(child.streamId, [{
      eventId, type, schemaVersion: 1, occurredAt: '2026-11-20', occurredAtPrecision: 'date', data: EVENT_EXAMPLES[type],
      metadata: { actor: { principalId: 'bench-lag', role: 'agency' }, agencyId: 'school-lag', correlationId: randomUUID(), sensitivity: 'normal' },
    }]);
    return { eventId, childId: child.childId, revision: result.lastRevision };
  };

  console.log(`\nSubscriber lag, ${setting.rate} events/s for ${setting.seconds} s after ${setting.warmUpSeconds} s of warm-up (acknowledged → visible in the read model; watched by ${WATCH}):\n`);
  console.log('| appended through | events/s | append p50 / p99 ms | chronology p50 / p95 / p99 / max ms | case state p50 / p95 / p99 / max ms | not seen | projection steps/s | CPU µs/event: service / PostgreSQL / load generator | compliance: events/s projected / events behind at the end |');
  console.log('|---|---:|---|---|---|---:|---:|---|---|');
  // BENCH_LAG_PATHS=store (or http) runs one of the two (for profiling one of them).
  const paths = (process.env.BENCH_LAG_PATHS ?? 'http,store').split(',');
  const scenarios = ([['http', 'HTTP (single events)', viaHttp], ['store', 'EventStore (another process)', viaStore]] as const).filter(([path]) => paths.includes(path));
  for (const [, label, append] of scenarios) {
    if (setting.warmUpSeconds > 0) await measureLag(setting.url, append, setting.rate, setting.warmUpSeconds, undefined, WATCH);
    const trace = process.env.BENCH_LAG_TRACE ? `${process.env.BENCH_LAG_TRACE}-${label.split(' ')[0].toLowerCase()}.csv` : undefined;
    const stepsBefore = await checkpointMoves(setting.pool);
    const complianceBefore = await compliancePlace(setting.pool);
    const cpuBefore = cpuNow(setting.servicePid);
    const started = performance.now();
    const result: LagResult = await measureLag(setting.url, append, setting.rate, setting.seconds, trace, WATCH);
    const seconds = (performance.now() - started) / 1000;
    const cpuAfter = cpuNow(setting.servicePid);
    const complianceAfter = await compliancePlace(setting.pool);
    await new Promise((done) => setTimeout(done, 1500)); // backends flush their table statistics at most once a second
    const steps = (await checkpointMoves(setting.pool)) - stepsBefore;
    const service = cpuAfter.other - cpuBefore.other;
    const load = cpuAfter.own - cpuBefore.own;
    const database = cpuAfter.machine - cpuBefore.machine - service - load;
    const per = (us: number) => (us / result.sent).toFixed(0);
    const four = (s: LagResult['chronology']) => `${ms(s.p50)} / ${ms(s.p95)} / ${ms(s.p99)} / ${ms(s.max)}`;
    console.log(`| ${label} | ${result.eventsPerSecond.toFixed(0)} | ${ms(result.ack.p50)} / ${ms(result.ack.p99)} | ${four(result.chronology)} | ${four(result.caseState)} | ${result.unseen} | ${(steps / seconds).toFixed(0)} | ${per(service)} / ${per(database)} / ${per(load)} | ${((complianceAfter.handled - complianceBefore.handled) / seconds).toFixed(0)} / ${complianceAfter.behind} |`);
  }
}

/** Every projection step moves its checkpoint with one UPDATE: the updates so far, both projections together. */
async function checkpointMoves(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ updates: string }>("SELECT n_tup_upd AS updates FROM pg_stat_user_tables WHERE relname = 'projection_checkpoints'");
  return Number(rows[0]?.updates ?? 0);
}

/**
 * The compliance projection's progress (its findings are about days, and it gives way to the read
 * models measured here, ADR 0026): events it has handled, and how far it is behind the ledger's head.
 */
async function compliancePlace(pool: Pool): Promise<{ handled: number; behind: number }> {
  const { rows } = await pool.query<{ handled: string; behind: string }>(
    "SELECT events_handled AS handled, (SELECT max(global_position) FROM ledger_events) - position AS behind FROM projection_checkpoints WHERE projection = 'compliance'",
  );
  return { handled: Number(rows[0]?.handled ?? 0), behind: Number(rows[0]?.behind ?? 0) };
}
