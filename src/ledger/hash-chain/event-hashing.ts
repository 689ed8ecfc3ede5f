import { createHash } from 'node:crypto';
import type { EventMetadata, OccurredAtPrecision } from '../event-store.port';
import { canonicalJson, CanonicalText } from './canonical-json';

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
  return createHash('sha256').update(bytes).digest();
}

/** SHA-256 of the payload's canonical JSON: kept beside the payload so it can be redacted later. */
export function dataDigest(data: Record<string, unknown> | CanonicalText): Buffer {
  return sha256(data instanceof CanonicalText ? data.text : canonicalJson(data));
}

export function canonicalEnvelope(envelope: HashedEnvelope): string {
  return canonicalJson({
    streamId: envelope.streamId,
    eventId: envelope.eventId,
    type: envelope.type,
    schemaVersion: envelope.schemaVersion,
    occurredAt: envelope.occurredAt,
    occurredAtPrecision: envelope.occurredAtPrecision,
    recordedAt: envelope.recordedAt.toISOString(),
    importedAt: envelope.importedAt ? envelope.importedAt.toISOString() : null,
    recordedAtKnown: envelope.recordedAtKnown,
    metadata: envelope.metadata,
    dataDigest: envelope.dataDigest.toString('hex'),
  });
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
 * What "the same content" means for an idempotent retry: everything the writer chose, nothing the
 * server or the transport chose (recordedAt, importedAt, correlationId).
 */
export function contentFingerprint(
  envelope: Omit<HashedEnvelope, 'recordedAt' | 'importedAt' | 'recordedAtKnown' | 'metadata'> & {
    metadata: EventMetadata;
    historicalRecordedAt: Date | null;
  },
): Buffer {
  const { correlationId: _transportChosen, ...writerMetadata } = envelope.metadata;
  return sha256(
    canonicalJson({
      streamId: envelope.streamId,
      eventId: envelope.eventId,
      type: envelope.type,
      schemaVersion: envelope.schemaVersion,
      occurredAt: envelope.occurredAt,
      occurredAtPrecision: envelope.occurredAtPrecision,
      historicalRecordedAt: envelope.historicalRecordedAt ? envelope.historicalRecordedAt.toISOString() : null,
      metadata: writerMetadata,
      dataDigest: envelope.dataDigest.toString('hex'),
    }),
  );
}
