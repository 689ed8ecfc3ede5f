import { randomBytes, randomUUID } from 'node:crypto';
import { EVENT_CATALOGUE } from '../../src/children/catalogue/event-catalogue';
import { cpuNow as machineCpuNow, json, startService, stopService } from '../projections/bench-service';
import { withScratchDatabase } from '../scratch-database';

/*
 * HTTP intake benchmark (issue 3): the real service in its own process on a scratch database of a
 * real PostgreSQL server, and 32 concurrent clients posting ConcernRaised events over keep-alive
 * connections, single and in batches of 10. Both on the same machine.
 * Usage: DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npm run bench:intake
 * BENCH_INSTANCES=2 runs two instances of the service on the one database, the clients taking turns
 * between them (docs/scaling.md).
 */
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 1);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
const CHILDREN = 500;
const ADMIN_KEY = randomBytes(24).toString('hex');

async function main(): Promise<void> {
  await withScratchDatabase('intake', async (url) => {
    const services = await Promise.all(Array.from({ length: INSTANCES }, () => startService(url, ADMIN_KEY, serviceSettings())));
    try {
      const bases = services.map((service) => service.base);
      const base = bases[0];
      const agencyKey = (await post(base, '/v1/agencies', ADMIN_KEY, { id: 'school-bench', name: 'Bench school', kind: 'school' })).apiKey as string;
      const children: string[] = [];
      for (let i = 0; i < CHILDREN; i++) children.push((await post(base, '/v1/children', agencyKey, { dateOfBirth: '2018-01-01' })).childId as string);
      console.log('| mode | instances | clients | events | events/s | p50 ms | p99 ms | CPU µs per event |');
      console.log('|---|---:|---:|---:|---:|---:|---:|---|');
      for (const batch of (process.env.BENCH_BATCHES ?? '1,10').split(',').map(Number)) {
        const result = await load(bases, agencyKey, children, batch, services.map((service) => service.process.pid!));
        console.log(`| ${batch === 1 ? 'single events' : 'batches of 10'} | ${INSTANCES} | ${CLIENTS} | ${result.events} | ${result.eventsPerSecond.toFixed(0)} | ${result.p50.toFixed(1)} | ${result.p99.toFixed(1)} | ${result.cpu} |`);
      }
    } finally {
      for (const service of services) await stopService(service);
    }
  });
}

/** CPU time (µs) used so far by the whole machine and by the service's processes. */
function cpuNow(pids: number[]): { machine: number; service: number } {
  return { machine: machineCpuNow().machine, service: pids.reduce((sum, pid) => sum + machineCpuNow(pid).other, 0) };
}

/** A request the benchmark makes with the agency's (or the admin's) key: its answer's JSON, refusing any status but 201. */
function post(base: string, path: string, key: string, body: unknown): Promise<Record<string, unknown>> {
  return json('POST', base + path, { Authorization: `Bearer ${key}` }, body);
}

async function load(bases: string[], key: string, children: string[], batch: number, servicePids: number[]) {
  const requestsPerClient = Math.ceil(EVENTS / batch / CLIENTS);
  const latencies: number[] = [];
  const cpuBefore = cpuNow(servicePids);
  const ownBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, async (_, client) => {
    for (let i = 0; i < requestsPerClient; i++) {
      const childId = children[(client * requestsPerClient + i) % children.length];
      const events = Array.from({ length: batch }, () => ({ eventId: randomUUID(), type: 'ConcernRaised', occurredAt: '2026-01-12T09:30:00Z', data: EVENT_CATALOGUE.get('ConcernRaised')!.example }));
      const base = bases[(client + i) % bases.length];
      const t0 = performance.now();
      if (batch === 1) await post(base, `/v1/children/${childId}/events`, key, events[0]);
      else await post(base, `/v1/children/${childId}/events/batch`, key, { events });
      latencies.push(performance.now() - t0);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  const events = requestsPerClient * CLIENTS * batch;
  const cpuAfter = cpuNow(servicePids);
  const own = process.cpuUsage(ownBefore);
  const loadGenerator = own.user + own.system;
  const service = cpuAfter.service - cpuBefore.service;
  const database = cpuAfter.machine - cpuBefore.machine - service - loadGenerator;
  const perEvent = (us: number) => (us / events).toFixed(0);
  return { events, eventsPerSecond: events / seconds, p50: at(0.5), p99: at(0.99), cpu: `service ${perEvent(service)}, PostgreSQL ${perEvent(database)}, load generator ${perEvent(loadGenerator)}` };
}

/** What the benchmark may change about the service, from its own environment. */
function serviceSettings(): Record<string, string> {
  const settings: Record<string, string> = {};
  // RUN_PROJECTIONS=false measures intake alone, without the service's projections.
  if (process.env.RUN_PROJECTIONS) settings.RUN_PROJECTIONS = process.env.RUN_PROJECTIONS;
  // EVENT_STORE=kurrentdb KURRENTDB_URL=... measures the service with its events in KurrentDB (docs/scaling.md).
  if (process.env.EVENT_STORE) Object.assign(settings, { EVENT_STORE: process.env.EVENT_STORE, KURRENTDB_URL: process.env.KURRENTDB_URL ?? '' });
  return settings;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
