import type { INestApplicationContext } from '@nestjs/common';
import { Presets, SingleBar } from 'cli-progress';
import { DatabaseConnection } from '../database/database-connection';
import { EVENT_STORE, type EventStore } from '../ledger/event-store.port';
import { ProjectionMonitor } from '../projections/projection-monitor';
import { retryParked, skipParked } from '../projections/runner/checkpoints';
import { PROJECTIONS, type Projection } from '../projections/runner/projection';
import { ProjectionLeases } from '../projections/runner/projection-leases';
import { rebuildProjection } from '../projections/runner/rebuild-projection';

/** `rebuild <projection|all>`: builds the read model again from position 0 beside the live one, then swaps. */
export async function rebuildCommand(context: INestApplicationContext, name: string, options: { progress: boolean }): Promise<number> {
  const projections = chosen(context, name);
  const database = context.get(DatabaseConnection);
  const store = context.get<EventStore>(EVENT_STORE);
  const { events } = await store.statistics();
  for (const projection of projections) {
    const bar = new SingleBar({ format: `Rebuilding ${projection.name} |{bar}| {percentage}% {value}/{total} events | {rate} events/s | ETA {eta_formatted}`, stream: process.stderr }, Presets.shades_classic);
    const started = Date.now();
    if (options.progress) bar.start(Math.max(events, 1), 0, { rate: 0 });
    const finishingBar = new SingleBar({ format: `Finishing ${projection.name} |{bar}| {percentage}% {value}/{total} ${projection.bulkRebuild?.finishing ?? ''} | ETA {eta_formatted}`, stream: process.stderr }, Presets.shades_classic);
    let finishing = false;
    const result = await rebuildProjection(database.pool, store, projection, context.get(ProjectionLeases), {
      // A second connection gathers beside the first on a server; the embedded database has one session for all.
      gatherWriters: database.mode === 'server' ? 2 : 1,
      onProgress: (handled) => options.progress && bar.update(handled, { rate: Math.round(handled / Math.max((Date.now() - started) / 1000, 0.001)) }),
      // A projection that does its costly part once at the end (ADR 0014) gets a second bar for it.
      onFinishing: (done, total) => {
        if (!options.progress) return;
        if (!finishing) {
          bar.stop();
          finishingBar.start(total, 0);
          finishing = true;
        }
        finishingBar.update(done);
      },
    });
    if (options.progress) (finishing ? finishingBar : bar).stop();
    const seconds = (Date.now() - started) / 1000;
    console.log(`✔ ${projection.name}: rebuilt from ${result.eventsHandled} events in ${seconds.toFixed(1)} s (${Math.round(result.eventsHandled / Math.max(seconds, 0.001))} events/s) and swapped in`);
  }
  return 0;
}

/** `projections status|retry|skip [name]`: operators' view of the runners and their parked events. */
export async function projectionsCommand(context: INestApplicationContext, action: string, name: string | undefined): Promise<number> {
  const pool = context.get(DatabaseConnection).pool;
  if (action === 'status') {
    for (const status of await context.get(ProjectionMonitor).statuses()) {
      const parked = status.parked ? ` PARKED at event ${status.parked.eventId} since ${status.parked.at}: ${status.parked.error}` : '';
      console.log(`${status.name}: ${status.status}, ${status.eventsHandled} events applied, lag ${status.lagEvents} events / ${status.lagSeconds.toFixed(1)} s, run by ${status.owner ?? 'nobody yet'}${parked}`);
    }
    return 0;
  }
  const projection = chosen(context, name ?? '')[0];
  if (action === 'retry') {
    const retried = await retryParked(pool, projection.name);
    console.log(retried ? `${projection.name}: will try the parked event again` : `${projection.name} is not parked`);
    return retried ? 0 : 1;
  }
  if (action === 'skip') {
    const skipped = await skipParked(pool, projection.name);
    console.log(skipped ? `${projection.name}: skipped event ${skipped} (kept in projection_skips); a rebuild will try it again` : `${projection.name} is not parked`);
    return skipped ? 0 : 1;
  }
  throw new Error('The action must be status, retry or skip');
}

function chosen(context: INestApplicationContext, name: string): Projection[] {
  const projections = context.get<Projection[]>(PROJECTIONS);
  if (name === 'all') return projections;
  const projection = projections.find((candidate) => candidate.name === name);
  if (!projection) throw new Error(`Unknown projection "${name}": one of ${projections.map((candidate) => candidate.name).join(', ')}, or all`);
  return [projection];
}
