import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import type { RecordedEvent } from '../../ledger/event-store.port';
import { applyFold, entryFor, foldChronology, type StoredEntry } from './chronology-fold';
import { involvementsOf } from './involvement';

const CHILD = randomUUID();

/** A recorded event of the child, at `position`, recorded on `recordedAt`. */
function recorded(position: number, type: string, data: Record<string, unknown>, recordedAt: string, agencyId = 'school-a'): RecordedEvent {
  return {
    streamId: `child-${CHILD}`, revision: position, position, checkpoint: String(position), eventId: randomUUID(), type, schemaVersion: 1,
    occurredAt: recordedAt.slice(0, 10), occurredAtPrecision: 'date', recordedAt: new Date(recordedAt), importedAt: null, recordedAtKnown: true,
    metadata: { agencyId }, data, dataDigest: '', hash: '',
  } as RecordedEvent;
}

const correction = (position: number, target: RecordedEvent) =>
  recorded(position, 'RecordCorrected', { correctedEventId: target.eventId, fields: [{ path: 'description', value: '"Seen at school."' }], reason: 'Typo.' }, '2026-03-02T10:00:00Z');

describe('applyFold', () => {
  it('given a correction recorded after its row, then the row carries it and the id of the row is returned', () => {
    const concern = recorded(1, 'ConcernRaised', { description: 'Seen at shcool.' }, '2026-03-01T10:00:00Z');
    const rows = new Map<string, StoredEntry>([[concern.eventId, entryFor(concern)]]);
    const fix = correction(2, concern);

    expect(applyFold(rows, fix)).toBe(concern.eventId);
    expect(rows.get(concern.eventId)!.data).toMatchObject({ description: 'Seen at school.' });
    expect(rows.get(concern.eventId)!.entry.correctedBy).toEqual([fix.eventId]);
  });

  it('given a correction recorded before the row it names (imported history only), then nothing changes: as when the row had not yet arrived', () => {
    const concern = recorded(5, 'ConcernRaised', { description: 'Seen at shcool.' }, '2026-03-01T10:00:00Z');
    const rows = new Map<string, StoredEntry>([[concern.eventId, entryFor(concern)]]);

    expect(applyFold(rows, correction(4, concern))).toBeUndefined();
    expect(rows.get(concern.eventId)!.entry.correctedBy).toEqual([]);
    // The replay of the whole history, in the order recorded, agrees.
    const fixFirst = correction(4, concern);
    expect(foldChronology([fixFirst, concern]).get(concern.eventId)!.entry.correctedBy).toEqual([]);
  });
});

describe('involvementsOf', () => {
  it('given an agency named by two events, the later one recorded earlier (imported), then it is involved since the earlier date, whatever their order', () => {
    const live = recorded(1, 'ConcernRaised', { description: 'x' }, '2026-03-05T10:00:00Z', 'health-b');
    const imported = recorded(2, 'VisitCompleted', {}, '2024-01-10T09:00:00Z', 'health-b');

    for (const events of [[live, imported], [imported, live]]) {
      expect(involvementsOf(events)).toEqual([{ child_id: CHILD, agency_id: 'health-b', since: '2024-01-10T09:00:00.000Z' }]);
    }
  });
});
