import type { RecordedEvent } from '../event-store.port';

/** Columns every read selects, in the shape `toRecordedEvent` maps. */
export const EVENT_COLUMNS = `e.global_position, e.transaction_id, e.stream_id, e.revision, e.event_id, e.type,
  e.schema_version, e.occurred_at, e.occurred_at_precision, e.recorded_at, e.imported_at, e.recorded_at_known,
  e.metadata, e.data, e.data_digest, e.hash`;

export interface EventRow {
  global_position: string;
  transaction_id: string;
  stream_id: string;
  revision: string;
  event_id: string;
  type: string;
  schema_version: number;
  occurred_at: string;
  occurred_at_precision: RecordedEvent['occurredAtPrecision'];
  recorded_at: Date;
  imported_at: Date | null;
  recorded_at_known: boolean;
  metadata: RecordedEvent['metadata'];
  data: RecordedEvent['data'];
  data_digest: Buffer;
  hash: Buffer;
}

/** The global-order checkpoint is the pair (transaction id, position): see docs/adr/0002-global-order.md. */
export function formatCheckpoint(transactionId: string, position: string | number): string {
  return `${transactionId}:${position}`;
}

export function parseCheckpoint(checkpoint: string | undefined): { transactionId: string; position: string } {
  if (checkpoint === undefined) return { transactionId: '0', position: '0' };
  const match = /^(\d+):(\d+)$/.exec(checkpoint);
  if (!match) throw new RangeError('Not a PostgreSQL ledger checkpoint');
  return { transactionId: match[1], position: match[2] };
}

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    streamId: row.stream_id,
    revision: Number(row.revision),
    position: Number(row.global_position),
    checkpoint: formatCheckpoint(row.transaction_id, row.global_position),
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    occurredAt: row.occurred_at,
    occurredAtPrecision: row.occurred_at_precision,
    recordedAt: row.recorded_at,
    importedAt: row.imported_at,
    recordedAtKnown: row.recorded_at_known,
    metadata: row.metadata,
    data: row.data,
    dataDigest: row.data_digest.toString('hex'),
    hash: row.hash.toString('hex'),
  };
}
