import { describe, expect, it } from '@jest/globals';
import { ANY, NO_STREAM, type ResolvedEvent } from '@kurrent/kurrentdb-client';
import { sampleEvent, sampleEvents } from '../contract/sample-events';
import { chainHash, GENESIS_HASH } from '../hash-chain/event-hashing';
import { preparedContentFingerprint, prepareAppend } from '../prepare-append';
import { EMPTY_HEAD, fromEventIdMarker, planAppend } from './kurrent-append-plan';

const NOW = new Date('2026-02-01T10:00:00.000Z');

// The KurrentDB adapter's write, planned without a server: what one atomic write holds.
describe('KurrentDB append plan', () => {
  it('given a new stream, when planning two events, then it writes them at "no stream" with the chain from genesis, and one id marker each', () => {
    const events = prepareAppend('child-1', sampleEvents(2), NOW);
    const plan = planAppend([{ streamId: 'child-1', events, expected: 'no_stream' }], [EMPTY_HEAD]);
    const first = chainHash(GENESIS_HASH, 0, events[0].envelopeDigest);
    const second = chainHash(first, 1, events[1].envelopeDigest);
    expect(plan.chained).toEqual([{ streamId: 'child-1', revisions: [0, 1], hashes: [first.toString('hex'), second.toString('hex')] }]);
    expect(plan.requests.map((request) => [request.streamName, request.expectedState, request.events.length])).toEqual([
      ['ledger.child-1', NO_STREAM, 2],
      [`ledger-id.${events[0].eventId}`, NO_STREAM, 1],
      [`ledger-id.${events[1].eventId}`, NO_STREAM, 1],
    ]);
    expect(plan.requests[0].events.map((event) => event.id)).toEqual(events.map((event) => event.eventId));
  });

  it('given a stream at revision 4, when the caller expects "any", then the write still expects exactly revision 4, so no two writers chain onto one head', () => {
    const head = { revision: 4, hash: Buffer.alloc(32, 7) };
    const [event] = prepareAppend('child-2', [sampleEvent()], NOW);
    const plan = planAppend([{ streamId: 'child-2', events: [event], expected: 'any' }], [head]);
    expect(plan.requests[0].expectedState).toBe(4n);
    expect(plan.chained[0].hashes).toEqual([chainHash(head.hash, 5, event.envelopeDigest).toString('hex')]);
  });

  it('given an expectation that does not hold, then planning throws the version conflict with the actual revision', () => {
    const events = prepareAppend('child-3', sampleEvents(1), NOW);
    expect(() => planAppend([{ streamId: 'child-3', events, expected: 2 }], [{ revision: 5, hash: GENESIS_HASH }])).toThrow(expect.objectContaining({ code: 'LEDGER.VERSION_CONFLICT', actual: 5 }));
    expect(() => planAppend([{ streamId: 'child-3', events, expected: 'stream_exists' }], [EMPTY_HEAD])).toThrow(expect.objectContaining({ actual: -1 }));
  });

  it('given a sealed event, then the write leaves a sealing mark; an ordinary one does not', () => {
    const sealed = prepareAppend('child-4', [sampleEvent({ metadata: { agencyId: 'police', sensitivity: 'sealed' } })], NOW);
    const requests = planAppend([{ streamId: 'child-4', events: sealed, expected: 'any' }], [EMPTY_HEAD]).requests;
    expect(requests.map((request) => [request.streamName, request.expectedState])).toContainEqual(['ledger-sealed.child-4', ANY]);
    const plain = planAppend([{ streamId: 'child-5', events: prepareAppend('child-5', sampleEvents(1), NOW), expected: 'any' }], [EMPTY_HEAD]).requests;
    expect(plain.some((request) => request.streamName.startsWith('ledger-sealed.'))).toBe(false);
  });

  it('keeps in each id marker where the event went and its content fingerprint, for judging a retry later', () => {
    const [event] = prepareAppend('child-6', [sampleEvent()], NOW);
    const marker = planAppend([{ streamId: 'child-6', events: [event], expected: 'any' }], [{ revision: 1, hash: GENESIS_HASH }]).requests[1].events[0];
    const resolved = { event: { id: marker.id, type: marker.type, data: marker.data, streamId: `ledger-id.${event.eventId}`, revision: 0n, isJson: true } } as unknown as ResolvedEvent;
    expect(fromEventIdMarker(event.eventId, resolved)).toEqual({ eventId: event.eventId, streamId: 'child-6', revision: 2, fingerprint: preparedContentFingerprint(event) });
  });
});
