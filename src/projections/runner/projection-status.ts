import type { Pool } from 'pg';
import type { EventStore } from '../../ledger/event-store.port';
import { readAllCheckpoints } from './checkpoints';
import type { Projection } from './projection';

export interface ProjectionStatus {
  name: string;
  /** `running`: applying events; `parked`: stopped at an event an operator must retry or skip; `not-started`: no checkpoint yet. */
  status: 'running' | 'parked' | 'not-started';
  owner: string | null;
  position: number;
  eventsHandled: number;
  /** Head position minus the checkpoint's position (0 when nothing is waiting). */
  lagEvents: number;
  /** How long the oldest event the projection has not applied has waited. */
  lagSeconds: number;
  parked?: { eventId: string; error: string; at: string };
}

/** Read from the database, so any instance reports every projection, whichever instance runs it. */
export async function readProjectionStatuses(pool: Pool, store: EventStore, projections: readonly Projection[], now = new Date()): Promise<ProjectionStatus[]> {
  const checkpoints = new Map((await readAllCheckpoints(pool)).map((state) => [state.slot, state]));
  const owners = new Map((await pool.query<{ projection: string; owner: string }>('SELECT projection, owner FROM projection_leases')).rows.map((row) => [row.projection, row.owner]));
  return Promise.all(projections.map(async (projection): Promise<ProjectionStatus> => {
    const state = checkpoints.get(projection.name);
    const lag = await store.lagAfter(state?.checkpoint);
    const waiting = lag.oldestUnreadArrivedAt !== null;
    return {
      name: projection.name,
      status: state?.parked ? 'parked' : state ? 'running' : 'not-started',
      owner: owners.get(projection.name) ?? null,
      position: state?.position ?? 0,
      eventsHandled: state?.eventsHandled ?? 0,
      lagEvents: waiting ? Math.max(1, lag.headPosition - (state?.position ?? 0)) : 0,
      lagSeconds: waiting ? Math.max(0, (now.getTime() - lag.oldestUnreadArrivedAt!.getTime()) / 1000) : 0,
      ...(state?.parked ? { parked: { eventId: state.parked.eventId, error: state.parked.error, at: state.parked.at.toISOString() } } : {}),
    };
  }));
}
