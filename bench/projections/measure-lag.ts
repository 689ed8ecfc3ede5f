import { writeFileSync } from 'node:fs';
import { Client } from 'pg';
import { summary } from './bench-service';

/** What an append acknowledged: the event, its child and its revision in the child's stream. */
export interface Acknowledged { eventId: string; childId: string; revision: number }

export interface LagResult {
  sent: number;
  eventsPerSecond: number;
  ack: ReturnType<typeof summary>;
  chronology: ReturnType<typeof summary>;
  caseState: ReturnType<typeof summary>;
  unseen: number;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const POLL_MS = 5;

/**
 * Appends at a steady `rate` (open loop: each event leaves at its scheduled time, whatever the
 * answers before it) for `seconds`, and measures for each event the time from its acknowledgement
 * to the first poll (every 5 ms, connections of their own) that finds it in the read model: its
 * chronology row, and a case_states revision at or past its own.
 */
export async function measureLag(url: string, append: (index: number) => Promise<Acknowledged>, rate: number, seconds: number, tracePath?: string): Promise<LagResult> {
  const traced: Traced[] = [];
  const chronologyPending = new Map<string, Traced>();
  const casePending = new Map<string, Traced[]>();
  let polling = true;

  const pollers = [
    poll(url, () => polling, async (client) => {
      if (chronologyPending.size === 0) return;
      const asked = performance.now(); // the snapshot is taken just after: a row seen was there by then
      const { rows } = await client.query<{ event_id: string }>('SELECT event_id FROM chronology_entries WHERE event_id = ANY($1::uuid[])', [[...chronologyPending.keys()]]);
      for (const row of rows) {
        chronologyPending.get(row.event_id)!.chronologyAt = asked;
        chronologyPending.delete(row.event_id);
      }
    }),
    poll(url, () => polling, async (client) => {
      if (casePending.size === 0) return;
      const asked = performance.now();
      const { rows } = await client.query<{ child_id: string; revision: string }>('SELECT child_id, revision FROM case_states WHERE child_id = ANY($1::uuid[])', [[...casePending.keys()]]);
      for (const row of rows) {
        const still = casePending.get(row.child_id)!.filter((event) => {
          if (event.revision > Number(row.revision)) return true;
          event.caseAt = asked;
          return false;
        });
        if (still.length) casePending.set(row.child_id, still);
        else casePending.delete(row.child_id);
      }
    }),
  ];

  const total = rate * seconds;
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  const startedAt = Date.now();
  while (traced.length < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) * rate) / 1000) + 1);
    while (traced.length < due) {
      const event: Traced = { leftAt: performance.now(), ackAt: 0, revision: 0 };
      traced.push(event);
      const one = append(traced.length - 1).then((ack) => {
        event.ackAt = performance.now();
        event.revision = ack.revision;
        chronologyPending.set(ack.eventId, event);
        casePending.set(ack.childId, [...(casePending.get(ack.childId) ?? []), event]);
      });
      inFlight.add(one);
      void one.finally(() => inFlight.delete(one));
    }
    await sleep(2);
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - started) / 1000;
  const drainUntil = performance.now() + 30_000;
  while ((chronologyPending.size > 0 || casePending.size > 0) && performance.now() < drainUntil) await sleep(10);
  polling = false;
  await Promise.all(pollers);
  if (tracePath) {
    const at = (value: number | undefined) => (value === undefined ? '' : (value - started).toFixed(1));
    writeFileSync(tracePath, `# ms after ${new Date(startedAt).toISOString()} (${startedAt})\nleft,ack,chronology,case\n${traced.map((event) => [at(event.leftAt), at(event.ackAt), at(event.chronologyAt), at(event.caseAt)].join(',')).join('\n')}\n`);
  }
  const lags = (seen: (event: Traced) => number | undefined) => traced.flatMap((event) => { const at = seen(event); return at === undefined ? [] : [at - event.ackAt]; });
  return {
    sent: traced.length, eventsPerSecond: traced.length / elapsed, ack: summary(traced.map((event) => event.ackAt - event.leftAt)),
    chronology: summary(lags((event) => event.chronologyAt)), caseState: summary(lags((event) => event.caseAt)),
    unseen: traced.filter((event) => event.chronologyAt === undefined || event.caseAt === undefined).length,
  };
}

/** One appended event's times (performance.now()): sent, acknowledged, first seen in each read model. */
interface Traced { leftAt: number; ackAt: number; revision: number; chronologyAt?: number; caseAt?: number }

/** Runs `check` on a connection of its own every ~POLL_MS while `active()`. */
async function poll(url: string, active: () => boolean, check: (client: Client) => Promise<void>): Promise<void> {
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined); // the scratch database dropped while it closes
  await client.connect();
  try {
    while (active()) {
      await check(client);
      await sleep(POLL_MS);
    }
  } finally {
    await client.end();
  }
}
