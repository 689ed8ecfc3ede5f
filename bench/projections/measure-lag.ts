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

/** How the benchmark sees an event arrive in the read models (BENCH_LAG_WATCH). */
export type LagWatch = 'checkpoints' | 'rows';

/**
 * Appends at a steady `rate` (open loop: each event leaves at its scheduled time, whatever the
 * answers before it) for `seconds`, and measures for each event the time from its acknowledgement
 * to the first poll (every 5 ms, connections of their own) that shows it in the read model.
 *
 * `checkpoints` (the default): each acknowledged event's place in the global order is looked up once,
 * and each poll reads the two projections' checkpoints (one small row each). A runner writes its
 * rows and moves its checkpoint in one transaction, so an event is in the read model exactly when the
 * checkpoint has passed it. At the end every event's chronology row and case-state revision are
 * checked in the tables themselves ("not seen").
 * `rows` (the first method): each poll asks the tables for every event still pending. When the
 * projections fall behind, the pending sets grow to hundreds of ids, and these polls took half of
 * PostgreSQL's time in the HTTP part (pg_stat_statements, 2026-11-28): the measurement loaded the
 * machine it measured.
 */
export async function measureLag(url: string, append: (index: number) => Promise<Acknowledged>, rate: number, seconds: number, tracePath?: string, watch: LagWatch = 'checkpoints'): Promise<LagResult> {
  const traced: Traced[] = [];
  const chronologyPending = new Map<string, Traced>();
  const casePending = new Map<string, Traced[]>();
  const acknowledged: Array<Acknowledged & { traced: Traced }> = [];
  let polling = true;

  const pollers = watch === 'rows' ? [
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
  ] : [watchCheckpoints(url, () => polling, chronologyPending, () => chronologyPending.size > 0)];

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
        if (watch === 'rows') casePending.set(ack.childId, [...(casePending.get(ack.childId) ?? []), event]);
        acknowledged.push({ ...ack, traced: event });
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
  const missing = await notInReadModels(url, acknowledged);
  if (tracePath) {
    const at = (value: number | undefined) => (value === undefined ? '' : (value - started).toFixed(1));
    writeFileSync(tracePath, `# ms after ${new Date(startedAt).toISOString()} (${startedAt})\nleft,ack,chronology,case\n${traced.map((event) => [at(event.leftAt), at(event.ackAt), at(event.chronologyAt), at(event.caseAt)].join(',')).join('\n')}\n`);
  }
  const lags = (seen: (event: Traced) => number | undefined) => traced.flatMap((event) => { const at = seen(event); return at === undefined ? [] : [at - event.ackAt]; });
  return {
    sent: traced.length, eventsPerSecond: traced.length / elapsed, ack: summary(traced.map((event) => event.ackAt - event.leftAt)),
    chronology: summary(lags((event) => event.chronologyAt)), caseState: summary(lags((event) => event.caseAt)),
    unseen: traced.filter((event) => event.chronologyAt === undefined || event.caseAt === undefined || missing.has(event)).length,
  };
}

/** One appended event's times (performance.now()): sent, acknowledged, first seen in each read model. */
interface Traced { leftAt: number; ackAt: number; revision: number; chronologyAt?: number; caseAt?: number }

/**
 * The checkpoint watch: `pending` (event id → its times) is emptied as both projections' checkpoints
 * pass each event. Each event's (transaction id, position) is looked up once, in the poll after its
 * acknowledgement; every poll then reads just the two checkpoints.
 */
function watchCheckpoints(url: string, active: () => boolean, pending: Map<string, Traced>, any: () => boolean): Promise<void> {
  const placed = new Map<string, { traced: Traced; at: GlobalPlace }>();
  return poll(url, active, async (client) => {
    if (!any() && placed.size === 0) return;
    const unplaced = [...pending.keys()].filter((eventId) => !placed.has(eventId));
    if (unplaced.length > 0) {
      const { rows } = await client.query<{ event_id: string; transaction_id: string; global_position: string }>(
        'SELECT event_id, transaction_id::text, global_position FROM ledger_events WHERE event_id = ANY($1::uuid[])', [unplaced],
      );
      for (const row of rows) placed.set(row.event_id, { traced: pending.get(row.event_id)!, at: { transactionId: BigInt(row.transaction_id), position: BigInt(row.global_position) } });
    }
    const asked = performance.now(); // the snapshot is taken just after: a checkpoint seen was there by then
    const { rows } = await client.query<{ projection: string; checkpoint: string | null }>("SELECT projection, checkpoint FROM projection_checkpoints WHERE projection IN ('chronology', 'case-state')");
    const chronology = placeOf(rows.find((row) => row.projection === 'chronology')?.checkpoint);
    const caseState = placeOf(rows.find((row) => row.projection === 'case-state')?.checkpoint);
    for (const [eventId, { traced, at }] of placed) {
      if (traced.chronologyAt === undefined && passed(chronology, at)) traced.chronologyAt = asked;
      if (traced.caseAt === undefined && passed(caseState, at)) traced.caseAt = asked;
      if (traced.chronologyAt !== undefined && traced.caseAt !== undefined) {
        placed.delete(eventId);
        pending.delete(eventId);
      }
    }
  });
}

interface GlobalPlace { transactionId: bigint; position: bigint }

function placeOf(checkpoint: string | null | undefined): GlobalPlace | undefined {
  const match = /^(\d+):(\d+)$/.exec(checkpoint ?? '');
  return match ? { transactionId: BigInt(match[1]), position: BigInt(match[2]) } : undefined;
}

/** Whether a checkpoint is at or past an event: the global order is (transaction id, position). */
function passed(checkpoint: GlobalPlace | undefined, event: GlobalPlace): boolean {
  if (!checkpoint) return false;
  return checkpoint.transactionId > event.transactionId || (checkpoint.transactionId === event.transactionId && checkpoint.position >= event.position);
}

/** Events whose chronology row or case-state revision is not in the tables after the run (whichever way they were watched). */
async function notInReadModels(url: string, acknowledged: ReadonlyArray<Acknowledged & { traced: Traced }>): Promise<Set<Traced>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: entries } = await client.query<{ event_id: string }>('SELECT event_id FROM chronology_entries WHERE event_id = ANY($1::uuid[])', [acknowledged.map((event) => event.eventId)]);
    const { rows: states } = await client.query<{ child_id: string; revision: string }>('SELECT child_id, revision FROM case_states WHERE child_id = ANY($1::uuid[])', [[...new Set(acknowledged.map((event) => event.childId))]]);
    const inChronology = new Set(entries.map((row) => row.event_id));
    const caseRevision = new Map(states.map((row) => [row.child_id, Number(row.revision)]));
    return new Set(acknowledged.filter((event) => !inChronology.has(event.eventId) || (caseRevision.get(event.childId) ?? -1) < event.revision).map((event) => event.traced));
  } finally {
    await client.end();
  }
}

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
