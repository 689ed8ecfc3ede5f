import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { Clock } from '../../common/clock';
import type { EventMetadata } from '../../ledger/event-store.port';
import { prepareAppend } from '../../ledger/prepare-append';
import { appendToPostgres, translateConnectionError } from '../../ledger/postgres/postgres-append';
import type { ChildRegisteredData } from '../catalogue/events/child-record-events';
import { childStreamId } from '../stream/child-stream';
import { ChildAlreadyRegisteredError } from '../stream/child-errors';

export type ChildIdentifier = { kind: 'nhs'; value: string } | { kind: 'local'; value: string };

export const identifiersOf = (data: ChildRegisteredData): ChildIdentifier[] => [
  ...(data.nhsNumber ? [{ kind: 'nhs' as const, value: data.nhsNumber }] : []),
  ...(data.localIds ?? []).map((local) => ({ kind: 'local' as const, value: `${local.agency}/${local.id}` })),
];

/**
 * Registers a child: claims its identifiers and writes `ChildRegistered` at revision 0 of a new
 * stream in one PostgreSQL transaction, so an NHS number can never belong to two children and a
 * claimed identifier never points at a stream that was not written (docs/adr/0007-child-registration.md).
 */
export class ChildRegistry {
  constructor(
    private readonly pool: Pool,
    private readonly clock: Clock,
  ) {}

  async register(data: ChildRegisteredData, metadata: EventMetadata): Promise<{ childId: string; revision: number; hash: string }> {
    const childId = randomUUID();
    const client = await this.pool.connect().catch((error: unknown) => Promise.reject(translateConnectionError(error)));
    try {
      await client.query('BEGIN');
      for (const identifier of identifiersOf(data)) {
        const claimed = await client.query<{ child_id: string }>(
          `INSERT INTO child_identifiers (kind, value, child_id) VALUES ($1, $2, $3)
           ON CONFLICT (kind, value) DO UPDATE SET kind = excluded.kind RETURNING child_id`,
          [identifier.kind, identifier.value, childId],
        );
        if (claimed.rows[0].child_id !== childId) throw new ChildAlreadyRegisteredError(claimed.rows[0].child_id);
      }
      const event = { eventId: randomUUID(), type: 'ChildRegistered', schemaVersion: 1, occurredAt: this.clock.now().toISOString(), occurredAtPrecision: 'date-time' as const, data: { ...data }, metadata };
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

  async find(identifier: ChildIdentifier): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ child_id: string }>('SELECT child_id FROM child_identifiers WHERE kind = $1 AND value = $2', [identifier.kind, identifier.value]);
    return rows[0]?.child_id;
  }
}
