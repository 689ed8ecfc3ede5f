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

/**
 * Appends at a steady `rate` (open loop: each event leaves at its scheduled time, whatever the
 * answers before it) for `seconds`, and measures for each event the time from its acknowledgement
 * to the first poll (every few ms, connections of their own) that finds it in the read model: its
 * chronology row, and a case_states revision at or past its own.
 */
export async function measureLag(url: string, append: (index: number) => Promise<Acknowledged>, rate: number, seconds: number): Promise<LagResult> {
  const chronologyPending = new Map<string, number>();
  const casePending = new Map<string, Array<{ revision: number; ackAt: number }>>();
  const ackMs: number[] = [];
  const chronologyLag: number[] = [];
  const caseLag: number[] = [];
  let polling = true;

  const pollers = [
    poll(url, () => polling, async (client) => {
      if (chronologyPending.size === 0) return;
      const asked = performance.now(); // the snapshot is taken just after: a row seen was there by then
      const { rows } = await client.query<{ event_id: string }>('SELECT event_id FROM chronology_entries WHERE event_id = ANY($1::uuid[])', [[...chronologyPending.keys()]]);
      for (const row of rows) {
        chronologyLag.push(asked - chronologyPending.get(row.event_id)!);
        chronologyPending.delete(row.event_id);
      }
    }),
    poll(url, () => polling, async (client) => {
      if (casePending.size === 0) return;
      const asked = performance.now();
      const { rows } = await client.query<{ child_id: string; revision: string }>('SELECT child_id, revision FROM case_states WHERE child_id = ANY($1::uuid[])', [[...casePending.keys()]]);
      for (const row of rows) {
        const waiting = casePending.get(row.child_id)!;
        const still = waiting.filter((event) => event.revision > Number(row.revision));
        for (const event of waiting) if (event.revision <= Number(row.revision)) caseLag.push(asked - event.ackAt);
        if (still.length) casePending.set(row.child_id, still);
        else casePending.delete(row.child_id);
      }
    }),
  ];

  const total = rate * seconds;
  const inFlight = new Set<Promise<void>>();
  let sent = 0;
  const started = performance.now();
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) * rate) / 1000) + 1);
    while (sent < due) {
      const index = sent++;
      const leftAt = performance.now();
      const one = append(index).then((ack) => {
        const ackAt = performance.now();
        ackMs.push(ackAt - leftAt);
        chronologyPending.set(ack.eventId, ackAt);
        const waiting = casePending.get(ack.childId) ?? [];
        waiting.push({ revision: ack.revision, ackAt });
        casePending.set(ack.childId, waiting);
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
  return {
    sent, eventsPerSecond: sent / elapsed, ack: summary(ackMs), chronology: summary(chronologyLag), caseState: summary(caseLag),
    unseen: chronologyPending.size + [...casePending.values()].reduce((sum, waiting) => sum + waiting.length, 0),
  };
}

/** Runs `check` on a connection of its own every ~2 ms while `active()`. */
async function poll(url: string, active: () => boolean, check: (client: Client) => Promise<void>): Promise<void> {
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined); // the scratch database dropped while it closes
  await client.connect();
  try {
    while (active()) {
      await check(client);
      await sleep(2);
    }
  } finally {
    await client.end();
  }
}
