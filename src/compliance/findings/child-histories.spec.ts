import { describe, expect, it } from '@jest/globals';
import type { RecordedEvent } from '../../ledger/event-store.port';
import { ChildHistories } from './child-histories';
import { childOf, type EventRows } from './compliance-tables';

const CHILD = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
const event = (revision: number): RecordedEvent => ({
  streamId: `child-${CHILD}`, revision, position: revision + 1, checkpoint: '', eventId: `00000000-0000-4000-8000-${String(revision).padStart(12, '0')}`,
  type: 'ConcernRaised', schemaVersion: 1, occurredAt: '2026-01-05', occurredAtPrecision: 'date', recordedAt: new Date('2026-01-05T10:00:00Z'),
  importedAt: null, recordedAtKnown: true, metadata: { agencyId: 'school-a' }, data: {}, dataDigest: '', hash: '',
});
/** The child's events as the projection's table gives them back. */
const stored = (...revisions: number[]): EventRows => ({ childIds: revisions.map(() => CHILD), events: revisions.map((revision) => JSON.stringify(event(revision))) });

/** A history read back through revision 2 (for a batch starting at 3), and held since. */
function heldThroughRevision2(): ChildHistories {
  const held = new ChildHistories();
  expect(held.missing('t', [{ childId: CHILD, nextRevision: 3 }])).toEqual([CHILD]);
  held.take('t', [CHILD], stored(2, 0, 1));
  return held;
}

describe('the compliance projection’s held histories', () => {
  it('given a history held through revision 2, when the next batch starts at revision 3, then nothing is read again', () => {
    const held = heldThroughRevision2();
    expect(held.missing('t', [{ childId: CHILD, nextRevision: 3 }])).toEqual([]);
    const histories = held.take('t', [CHILD], stored());
    held.merge(histories, [event(3)], childOf);
    expect(histories.get(CHILD)!.map((each) => each.revision)).toEqual([0, 1, 2, 3]);
  });

  it('given a history held through revision 2, when a batch starts at revision 5 (another instance projected 3 and 4 meanwhile), then it is read again whole', () => {
    const held = heldThroughRevision2();
    expect(held.missing('t', [{ childId: CHILD, nextRevision: 5 }])).toEqual([CHILD]);
    const histories = held.take('t', [CHILD], stored(4, 0, 3, 1, 2));
    held.merge(histories, [event(5)], childOf);
    expect(histories.get(CHILD)!.map((each) => each.revision)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('given a batch tried again (it starts at a revision already held), then nothing is read again and nothing is added twice', () => {
    const held = heldThroughRevision2();
    expect(held.missing('t', [{ childId: CHILD, nextRevision: 1 }])).toEqual([]);
    const histories = held.take('t', [CHILD], stored());
    held.merge(histories, [event(1), event(2), event(3)], childOf);
    expect(histories.get(CHILD)!.map((each) => each.revision)).toEqual([0, 1, 2, 3]);
  });
});
