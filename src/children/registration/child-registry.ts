import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { Clock } from '../../common/clock';
import type { EventMetadata, EventStore, NewEvent } from '../../ledger/event-store.port';
import { PostgresEventStore } from '../../ledger/postgres/postgres-event-store';
import { prepareAppend } from '../../ledger/prepare-append';
import { translateConnectionError } from '../../database/connection-errors';
import { appendToPostgres } from '../../ledger/postgres/postgres-append';
import type { ChildRegisteredData } from '../catalogue/events/child-record-events';
import { childStreamId } from '../stream/child-stream';
import { ChildAlreadyRegisteredError } from '../stream/child-errors';

export type ChildIdentifier = { kind: 'nhs'; value: string } | { kind: 'local'; value: string };

/** A local id is stored as the JSON pair [agency, id]: no separator can make two of them collide. */
export const localIdentifier = (agency: string, id: string): ChildIdentifier => ({ kind: 'local', value: JSON.stringify([agency, id]) });

/** Sorted, so that registrations claiming the same identifiers take them in one order (no deadlock). */
export const identifiersOf = (data: Pick<ChildRegisteredData, 'nhsNumber' | 'localIds'>): ChildIdentifier[] =>
  [
    ...(data.nhsNumber ? [{ kind: 'nhs' as const, value: data.nhsNumber }] : []),
    ...(data.localIds ?? []).map((local) => localIdentifier(local.agency, local.id)),
  ].sort((a, b) => (a.kind + a.value < b.kind + b.value ? -1 : 1));

/**
 * Registers a child: claims its identifiers and writes `ChildRegistered` at revision 0 of a new
 * stream in one PostgreSQL transaction, so an NHS number can never belong to two children and a
 * claimed identifier never points at a stream that was not written (docs/adr/0007-child-registration.md).
 */
/** Claims each identifier for the child; 409 with the owner when another child already has one. Returns those newly claimed. */
async function claimIdentifiers(client: PoolClient, childId: string, identifiers: ChildIdentifier[]): Promise<ChildIdentifier[]> {
  const fresh: ChildIdentifier[] = [];
  for (const identifier of identifiers) {
    const claimed = await client.query<{ child_id: string; inserted: boolean }>(
      `INSERT INTO child_identifiers (kind, value, child_id) VALUES ($1, $2, $3)
       ON CONFLICT (kind, value) DO UPDATE SET kind = excluded.kind RETURNING child_id, (xmax = 0) AS inserted`,
      [identifier.kind, identifier.value, childId],
    );
    if (claimed.rows[0].child_id !== childId) throw new ChildAlreadyRegisteredError(claimed.rows[0].child_id);
    if (claimed.rows[0].inserted) fresh.push(identifier);
  }
  return fresh;
}

/** A claim this old whose child has no record is left from a registration that crashed half-way, not one in flight. */
const ABANDONED_CLAIM_AFTER = '5 minutes';

export class ChildRegistry {
  constructor(
    private readonly pool: Pool,
    private readonly clock: Clock,
    private readonly store: EventStore,
  ) {}

  async register(data: ChildRegisteredData, metadata: EventMetadata): Promise<{ childId: string; revision: number; hash: string }> {
    const childId = randomUUID();
    const event = { eventId: randomUUID(), type: 'ChildRegistered', schemaVersion: 1, occurredAt: this.clock.now().toISOString(), occurredAtPrecision: 'date-time' as const, data: { ...data }, metadata };
    return this.store instanceof PostgresEventStore ? this.registerInOneTransaction(childId, event) : this.registerAcrossSystems(childId, event);
  }

  /**
   * Events in another store (KurrentDB): the identifiers are claimed first, released again if the
   * event cannot be written. A crash in between leaves a claim without a record, which a later
   * registration of the same child takes over (ADR 0017).
   */
  private async registerAcrossSystems(childId: string, event: NewEvent & { data: ChildRegisteredData }): Promise<{ childId: string; revision: number; hash: string }> {
    const identifiers = identifiersOf(event.data);
    await this.releaseAbandonedClaims(identifiers);
    const result = await this.claimFor(childId, identifiers, () => this.store.append(childStreamId(childId), [event], { expectedRevision: 'no_stream' }));
    return { childId, revision: result.events[0].revision, hash: result.events[0].hash };
  }

  private async releaseAbandonedClaims(identifiers: ChildIdentifier[]): Promise<void> {
    for (const identifier of identifiers) {
      const { rows } = await this.pool.query<{ child_id: string }>(
        `SELECT child_id FROM child_identifiers WHERE kind = $1 AND value = $2 AND claimed_at < now() - interval '${ABANDONED_CLAIM_AFTER}'`, [identifier.kind, identifier.value],
      ).catch((error: unknown) => Promise.reject(translateConnectionError(error)));
      if (!rows[0] || (await this.store.readStream(childStreamId(rows[0].child_id), { limit: 1 })).length > 0) continue;
      await this.pool.query('DELETE FROM child_identifiers WHERE kind = $1 AND value = $2 AND child_id = $3', [identifier.kind, identifier.value, rows[0].child_id]);
    }
  }

  /** Events in PostgreSQL: the claims and `ChildRegistered` in one transaction (ADR 0007). */
  private async registerInOneTransaction(childId: string, event: NewEvent & { data: ChildRegisteredData }): Promise<{ childId: string; revision: number; hash: string }> {
    const client = await this.pool.connect().catch((error: unknown) => Promise.reject(translateConnectionError(error)));
    try {
      await client.query('BEGIN');
      await claimIdentifiers(client, childId, identifiersOf(event.data));
      const streamId = childStreamId(childId);
      const result = await appendToPostgres(client, streamId, prepareAppend(streamId, [event], this.clock.now()), 'no_stream');
      await client.query('COMMIT');
      return { childId, revision: result.events[0].revision, hash: result.events[0].hash };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw translateConnectionError(error);
    } finally {
      client.release();
    }
  }

  /**
   * Claims identifiers learnt after registration (an NHS number issued at birth) for a child. Done
   * before the event is written and released again if writing fails, so that no number belongs to
   * two children.
   */
  async claimFor<T>(childId: string, identifiers: ChildIdentifier[], write: () => Promise<T>): Promise<T> {
    if (identifiers.length === 0) return write();
    const client = await this.pool.connect().catch((error: unknown) => Promise.reject(translateConnectionError(error)));
    try {
      await client.query('BEGIN');
      const fresh = await claimIdentifiers(client, childId, identifiers);
      await client.query('COMMIT');
      try {
        return await write();
      } catch (error) {
        for (const identifier of fresh) {
          await this.pool.query('DELETE FROM child_identifiers WHERE kind = $1 AND value = $2 AND child_id = $3', [identifier.kind, identifier.value, childId]).catch(() => undefined);
        }
        throw error;
      }
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw translateConnectionError(error);
    } finally {
      client.release();
    }
  }

  async find(identifier: ChildIdentifier): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ child_id: string }>('SELECT child_id FROM child_identifiers WHERE kind = $1 AND value = $2', [identifier.kind, identifier.value]);
    return rows[0]?.child_id;
  }
}
