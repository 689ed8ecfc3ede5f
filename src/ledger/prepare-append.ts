import type { NewEvent, OccurredAtPrecision, RecordedEvent } from './event-store.port';
import { contentFingerprint, dataDigest, DELIVERY_METADATA, envelopeDigest } from './hash-chain/event-hashing';
import { canonicalJson, canonicalJsonWithAndWithout, CanonicalText } from './hash-chain/canonical-json';
import { InvalidAppendError } from './ledger-errors';

/** An event ready for any adapter to store: server times set, digests computed. */
export interface PreparedEvent extends NewEvent {
  streamId: string;
  /** Canonical JSON of `data` and `metadata`: what is hashed is exactly what is stored. */
  dataText: string;
  metadataText: string;
  recordedAt: Date;
  importedAt: Date | null;
  recordedAtKnown: boolean;
  dataDigest: Buffer;
  envelopeDigest: Buffer;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CANONICAL_OCCURRED_AT: Record<OccurredAtPrecision, RegExp> = {
  date: /^\d{4}-\d{2}-\d{2}$/,
  'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/,
};

/**
 * Shared by every adapter so that they accept, time-stamp and hash events identically.
 * `now` is the store's clock: the recording time of a live event, the import time of a historical one.
 */
export function prepareAppend(streamId: string, events: readonly NewEvent[], now: Date): PreparedEvent[] {
  if (!streamId || streamId.length > 200) throw new InvalidAppendError('A stream id of 1 to 200 characters is required');
  if (events.length === 0) throw new InvalidAppendError('An append needs at least one event');
  const seen = new Set<string>();
  return events.map((event) => {
    assertWellFormed(event);
    if (seen.has(event.eventId)) {
      throw new InvalidAppendError('The same event id appears twice in one append', { eventId: event.eventId });
    }
    seen.add(event.eventId);
    return prepareOne(streamId, event, now);
  });
}

// Runs for every event written: each value is canonicalised once and objects are built once.
function prepareOne(streamId: string, event: NewEvent, now: Date): PreparedEvent {
  const dataText = canonicalJson(event.data); // also refuses what no store could keep
  const metadataText = canonicalJson(event.metadata);
  const prepared: PreparedEvent = {
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    occurredAt: event.occurredAt,
    occurredAtPrecision: event.occurredAtPrecision,
    data: event.data,
    metadata: event.metadata,
    historical: event.historical,
    streamId,
    dataText,
    metadataText,
    recordedAt: event.historical ? event.historical.recordedAt : now,
    importedAt: event.historical ? now : null,
    recordedAtKnown: event.historical ? event.historical.recordedAtKnown : true,
    dataDigest: dataDigest(new CanonicalText(dataText)),
    envelopeDigest: Buffer.alloc(0),
  };
  prepared.envelopeDigest = envelopeDigest({ ...prepared, metadata: new CanonicalText(metadataText) });
  return prepared;
}

/**
 * An event read from one store, made ready to be written to another exactly as it was: the same id,
 * times (its recordedAt and importedAt are kept, not the target's clock) and digests, so that chained
 * at the same revision it gets the same hash. A redacted event (no data) cannot be copied.
 */
export function prepareCopy(event: RecordedEvent): PreparedEvent {
  if (event.data === null) throw new InvalidAppendError('A redacted event cannot be copied', { eventId: event.eventId });
  const historical = event.importedAt ? { recordedAt: event.recordedAt, recordedAtKnown: event.recordedAtKnown } : undefined;
  const copy = prepareOne(event.streamId, { ...event, data: event.data, historical }, event.importedAt ?? event.recordedAt);
  if (copy.dataDigest.toString('hex') !== event.dataDigest) throw new InvalidAppendError('The event does not match its data digest', { eventId: event.eventId });
  return copy;
}

/** Only needed when a retry has to be judged, so not computed on the way in. */
export function preparedContentFingerprint(event: PreparedEvent): Buffer {
  return contentFingerprint({
    ...event,
    writerMetadata: new CanonicalText(canonicalJsonWithAndWithout(event.metadata, DELIVERY_METADATA).without),
    historical: event.historical,
  });
}

function assertWellFormed(event: NewEvent): void {
  if (!UUID.test(event.eventId)) throw new InvalidAppendError('Event ids must be lower-case UUIDs', { eventId: event.eventId });
  if (!event.type || event.type.length > 100) throw new InvalidAppendError('An event type of 1 to 100 characters is required');
  if (!Number.isInteger(event.schemaVersion) || event.schemaVersion < 1) {
    throw new InvalidAppendError('schemaVersion must be a positive integer');
  }
  const shape = CANONICAL_OCCURRED_AT[event.occurredAtPrecision];
  if (!shape || !shape.test(event.occurredAt)) {
    throw new InvalidAppendError('occurredAt must be YYYY-MM-DD or a UTC instant with milliseconds, matching its precision');
  }
  const recordedYear = event.historical?.recordedAt.getUTCFullYear();
  if (recordedYear !== undefined && !(recordedYear >= 1 && recordedYear <= 9999)) {
    throw new InvalidAppendError('A historical recordedAt must be a valid time between the years 1 and 9999');
  }
}
