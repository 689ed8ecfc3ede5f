import { describe, expect, it } from '@jest/globals';
import { ANY, NO_STREAM, STREAM_EXISTS, UnavailableError, WrongExpectedVersionError, type ResolvedEvent } from '@kurrent/kurrentdb-client';
import { sampleEvent } from '../contract/sample-events';
import { LedgerUnavailableError, VersionConflictError } from '../ledger-errors';
import { prepareAppend } from '../prepare-append';
import { checkpointOf, fromKurrentEvent, positionOf, toKurrentEvent, toLedgerError, toStreamState } from './kurrent-mapping';

// What can be checked of the KurrentDB adapter without a server, with the client's own types (issue 9).
describe('KurrentDB mapping', () => {
  it('maps the four expected-revision modes to the client stream states', () => {
    expect(toStreamState('any')).toBe(ANY);
    expect(toStreamState('no_stream')).toBe(NO_STREAM);
    expect(toStreamState('stream_exists')).toBe(STREAM_EXISTS);
    expect(toStreamState(7)).toBe(7n);
  });

  it("maps the client's wrong-expected-version error to a version conflict with the stream's revision, and its unavailability to LEDGER.UNAVAILABLE", () => {
    const conflict = toLedgerError(WrongExpectedVersionError.fromRevisionConflict({ stream: 'child-1', expectedRevision: '3', actualRevision: '5' } as never), 'child-1', 3);
    expect(conflict).toBeInstanceOf(VersionConflictError);
    expect(conflict).toMatchObject({ streamId: 'child-1', expected: 3, actual: 5 });
    const missing = toLedgerError(WrongExpectedVersionError.fromRevisionConflict({ stream: 'child-2', expectedRevision: '-4', actualRevision: '-1' } as never), 'child-2', 'stream_exists');
    expect(missing).toMatchObject({ actual: -1 });
    expect(toLedgerError(new UnavailableError(undefined as never, 'down'), 'child-1', 'any')).toBeInstanceOf(LedgerUnavailableError);
    const refused = Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 }); // as the atomic write rejects with the server down
    expect(toLedgerError(refused, 'child-1', 'any')).toBeInstanceOf(LedgerUnavailableError);
    const unknown = new Error('a bug');
    expect(toLedgerError(unknown, 'child-1', 'any')).toBe(unknown);
  });

  it('keeps the whole envelope, the digests and the chain hash in the metadata, and reads back exactly the event written', () => {
    const [prepared] = prepareAppend('child-3', [sampleEvent({ historical: { recordedAt: new Date('2019-03-04T10:00:00.000Z'), recordedAtKnown: true } })], new Date('2026-02-01T10:00:00.000Z'));
    const written = toKurrentEvent(prepared, 'ab'.repeat(32));
    expect(written).toMatchObject({ id: prepared.eventId, type: prepared.type, contentType: 'application/json', data: prepared.data });
    expect(Object.values(written.metadata as object).every((value) => typeof value === 'string')).toBe(true); // what an atomic multi-stream write accepts
    const resolved = { event: { streamId: 'ledger.child-3', id: written.id, isJson: true, revision: 4n, type: written.type, created: new Date(), data: written.data, metadata: written.metadata, position: { commit: 1200n, prepare: 1100n } } } as unknown as ResolvedEvent;
    expect(fromKurrentEvent(resolved)).toEqual({
      streamId: 'child-3', revision: 4, position: 1100, checkpoint: '1200:1100', eventId: prepared.eventId, type: prepared.type, schemaVersion: prepared.schemaVersion,
      occurredAt: prepared.occurredAt, occurredAtPrecision: prepared.occurredAtPrecision, recordedAt: new Date('2019-03-04T10:00:00.000Z'), importedAt: new Date('2026-02-01T10:00:00.000Z'),
      recordedAtKnown: true, metadata: prepared.metadata, data: prepared.data, dataDigest: prepared.dataDigest.toString('hex'), hash: 'ab'.repeat(32),
    });
  });

  it('stores $all positions as checkpoints and reads them back; anything else is refused', () => {
    expect(positionOf(checkpointOf({ commit: 18446744073709551615n, prepare: 42n }))).toEqual({ commit: 18446744073709551615n, prepare: 42n });
    expect(() => positionOf('12')).toThrow('Not a KurrentDB checkpoint');
  });
});
