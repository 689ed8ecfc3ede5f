import { Presets, SingleBar } from 'cli-progress';
import type { AppendResult, CopiedEvents, EventStore, RecordedEvent } from '../ledger/event-store.port';
import { IdempotencyPartialOverlapError, VersionConflictError } from '../ledger/ledger-errors';

export interface MigrateEventsOptions {
  /** Names the target in messages: `postgres` or `kurrentdb`. */
  to: string;
  progress: boolean;
  /** Events read from the source and written to the target at once (one atomic write). */
  pageSize: number;
}

/**
 * `migrate-events --to kurrentdb|postgres`: copies every event of the configured store into the
 * target in global order, keeping ids, revisions, times and hashes, then verifies the target and
 * compares its counts with the source's. Resumable: events the target already holds are
 * recognised (a copy of an event is a retry, answered as one) and not written twice. Run it with
 * the service stopped, so that the source does not change under it (docs/scaling.md).
 */
export async function migrateEventsCommand(source: EventStore, target: EventStore, options: MigrateEventsOptions): Promise<number> {
  const expected = await source.statistics();
  const bar = new SingleBar({ format: `Copying to ${options.to} |{bar}| {percentage}% {value}/{total} events | {rate} events/s | ETA {eta_formatted}`, stream: process.stderr }, Presets.shades_classic);
  if (options.progress) bar.start(Math.max(expected.events, 1), 0, { rate: 0 });
  const started = Date.now();
  const tally = { read: 0, copied: 0, alreadyThere: 0 };
  let after: string | undefined;
  for (;;) {
    const page = await source.readAll({ after, limit: options.pageSize });
    if (page.events.length === 0) break;
    const results = await copyPage(target, runsByStream(page.events));
    tally.read += page.events.length;
    for (const result of results) tally[result.replayed ? 'alreadyThere' : 'copied'] += result.events.length;
    if (options.progress) bar.update(tally.read, { rate: Math.round(tally.read / Math.max((Date.now() - started) / 1000, 0.001)) });
    after = page.checkpoint;
  }
  if (options.progress) bar.stop();
  console.log(`Copied ${tally.copied} events to ${options.to}; ${tally.alreadyThere} were already there (${((Date.now() - started) / 1000).toFixed(1)} s).`);
  return verifyTarget(target, expected, options.to);
}

async function verifyTarget(target: EventStore, expected: { events: number; streams: number }, name: string): Promise<number> {
  const verification = await target.verifyAll();
  for (const broken of verification.broken) console.log(`✘ ${broken.streamId}: broken at revision ${broken.firstBrokenRevision} (${broken.reason})`);
  const sameCounts = verification.events === expected.events && verification.streams === expected.streams;
  if (!sameCounts) {
    console.log(`✘ the ${name} target holds ${verification.events} events in ${verification.streams} streams; the source ${expected.events} in ${expected.streams}`);
  }
  const ok = verification.valid && sameCounts;
  console.log(`${ok ? '✔' : '✘'} target verified: ${verification.streams} streams, ${verification.events} events; ${verification.broken.length} broken`);
  return ok ? 0 : 1;
}

/** A page of the global order as runs of one stream each (a stream's events are in revision order in it). */
function runsByStream(events: readonly RecordedEvent[]): CopiedEvents[] {
  const runs = new Map<string, RecordedEvent[]>();
  for (const event of events) {
    const run = runs.get(event.streamId);
    if (run) run.push(event);
    else runs.set(event.streamId, [event]);
  }
  return [...runs].map(([streamId, run]) => ({ streamId, events: run }));
}

/**
 * One atomic write per page. When the target holds part of a page (an earlier run stopped with
 * other page boundaries), each stream is resumed after what it already holds, which must be the
 * source's events exactly.
 */
async function copyPage(target: EventStore, runs: CopiedEvents[]): Promise<AppendResult[]> {
  try {
    return await target.copyIn(runs);
  } catch (error) {
    if (!(error instanceof IdempotencyPartialOverlapError || error instanceof VersionConflictError)) throw error;
  }
  const results: AppendResult[] = [];
  for (const run of runs) {
    const held = await target.readStream(run.streamId, { fromRevision: run.events[0].revision, limit: run.events.length });
    held.forEach((event, index) => {
      if (event.eventId !== run.events[index].eventId || event.hash !== run.events[index].hash) {
        throw new Error(`The target already holds other events in ${run.streamId} at revision ${event.revision}; it must be empty or an earlier copy of this source`);
      }
    });
    const rest = run.events.slice(held.length);
    if (held.length) results.push({ streamId: run.streamId, replayed: true, lastRevision: held[held.length - 1].revision, events: held });
    if (rest.length) results.push(...(await target.copyIn([{ streamId: run.streamId, events: rest }])));
  }
  return results;
}
