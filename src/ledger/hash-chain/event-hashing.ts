import { hash } from 'node:crypto';
import type { EventMetadata, OccurredAtPrecision, RecordedEvent } from '../event-store.port';
import { canonicalJson, canonicalJsonWithAndWithout, CanonicalText } from './canonical-json';

/** The previous hash of a stream's first event: 32 zero bytes. */
export const GENESIS_HASH = Buffer.alloc(32);

/** The fields of an event that its hash covers (docs/hash-chain.md). The payload enters only as its digest. */
export interface HashedEnvelope {
  streamId: string;
  eventId: string;
  type: string;
  schemaVersion: number;
  occurredAt: string;
  occurredAtPrecision: OccurredAtPrecision;
  recordedAt: Date;
  importedAt: Date | null;
  recordedAtKnown: boolean;
  /** The metadata object, or its canonical text when the caller has already written it. */
  metadata: EventMetadata | CanonicalText;
  dataDigest: Buffer;
}

export function sha256(bytes: Buffer | string): Buffer {
  return hash('sha256', bytes, 'buffer');
}

/** SHA-256 of the payload's canonical JSON: kept beside the payload so it can be redacted later. */
export function dataDigest(data: Record<string, unknown> | CanonicalText): Buffer {
  return sha256(data instanceof CanonicalText ? data.text : canonicalJson(data));
}

const text = JSON.stringify;
const rendered = (value: EventMetadata | CanonicalText) => (value instanceof CanonicalText ? value.text : canonicalJson(value));

/**
 * The canonical JSON of the envelope, written member by member in sorted key order (the same text
 * `canonicalJson` would give, without walking the metadata again: this runs for every event).
 */
export function canonicalEnvelope(envelope: HashedEnvelope): string {
  return (
    `{"dataDigest":"${envelope.dataDigest.toString('hex')}","eventId":${text(envelope.eventId)},` +
    `"importedAt":${envelope.importedAt ? `"${envelope.importedAt.toISOString()}"` : 'null'},` +
    `"metadata":${rendered(envelope.metadata)},"occurredAt":${text(envelope.occurredAt)},` +
    `"occurredAtPrecision":${text(envelope.occurredAtPrecision)},"recordedAt":"${envelope.recordedAt.toISOString()}",` +
    `"recordedAtKnown":${envelope.recordedAtKnown},"schemaVersion":${text(envelope.schemaVersion)},` +
    `"streamId":${text(envelope.streamId)},"type":${text(envelope.type)}}`
  );
}

export function envelopeDigest(envelope: HashedEnvelope): Buffer {
  return sha256(canonicalEnvelope(envelope));
}

/** hash(n) = SHA-256( hash(n-1) ‖ revision as 8-byte big-endian ‖ envelopeDigest(n) ). */
export function chainHash(previousHash: Buffer, revision: number, digestOfEnvelope: Buffer): Buffer {
  const revisionBytes = Buffer.alloc(8);
  revisionBytes.writeBigUInt64BE(BigInt(revision));
  return sha256(Buffer.concat([previousHash, revisionBytes, digestOfEnvelope]));
}

/**
 * Metadata chosen by whoever delivered an event rather than by its author: the request's correlation
 * id, the principal who sent it and, for imports, the batch. A retry may differ in all of them.
 */
export const DELIVERY_METADATA = ['actor', 'correlationId', 'provenance'] as const;

/**
 * What "the same content" means for an idempotent retry: everything the writer chose, nothing the
 * server or the delivery chose (a live event's recordedAt, importedAt, DELIVERY_METADATA). `writerMetadata` is the
 * canonical metadata without its correlation id. Written member by member in sorted key order.
 */
export function contentFingerprint(
  envelope: Pick<HashedEnvelope, 'streamId' | 'eventId' | 'type' | 'schemaVersion' | 'occurredAt' | 'occurredAtPrecision' | 'dataDigest'> & {
    writerMetadata: CanonicalText;
    historical: { recordedAt: Date; recordedAtKnown: boolean } | undefined;
  },
): Buffer {
  return sha256(
    `{"dataDigest":"${envelope.dataDigest.toString('hex')}","eventId":${text(envelope.eventId)},` +
      `"historical":${envelope.historical ? `{"recordedAt":"${envelope.historical.recordedAt.toISOString()}","recordedAtKnown":${envelope.historical.recordedAtKnown}}` : 'null'},` +
      `"metadata":${envelope.writerMetadata.text},"occurredAt":${text(envelope.occurredAt)},` +
      `"occurredAtPrecision":${text(envelope.occurredAtPrecision)},"schemaVersion":${text(envelope.schemaVersion)},` +
      `"streamId":${text(envelope.streamId)},"type":${text(envelope.type)}}`,
  );
}

/** The fingerprint of an event as stored, recomputed when a retry has to be judged (rare, so not stored). */
export function storedContentFingerprint(event: RecordedEvent): Buffer {
  return contentFingerprint({
    ...event,
    dataDigest: Buffer.from(event.dataDigest, 'hex'),
    writerMetadata: new CanonicalText(canonicalJsonWithAndWithout(event.metadata, DELIVERY_METADATA).without),
    historical: event.importedAt ? { recordedAt: event.recordedAt, recordedAtKnown: event.recordedAtKnown } : undefined,
  });
}
