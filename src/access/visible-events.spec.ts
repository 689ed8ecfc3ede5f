import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { RecordedEvent } from '../ledger/event-store.port';
import { sealingMarksAmong } from '../ledger/sealing-marks';
import { AgencyRevisions, eventsVisibleToAgency } from './visible-events';

const AGENCIES = ['school-a', 'police-b', 'health-c'];
const SENSITIVITIES = ['normal', 'restricted', 'sealed'];

/** A stream's events from (agency, sensitivity, change) choices: a change makes a SensitivityChanged of an earlier event. */
function stream(choices: Array<{ agency: number; sensitivity: number; changes?: { target: number; to: number } }>): RecordedEvent[] {
  const events: RecordedEvent[] = [];
  for (const [revision, choice] of choices.entries()) {
    const target = choice.changes && revision > 0 ? events[choice.changes.target % revision] : undefined;
    events.push({
      streamId: 'child-c', revision, position: revision + 1, checkpoint: String(revision + 1), eventId: `00000000-0000-4000-8000-${String(revision).padStart(12, '0')}`,
      type: target ? 'SensitivityChanged' : 'ConcernRaised', schemaVersion: 1, occurredAt: '2026-01-05', occurredAtPrecision: 'date',
      recordedAt: new Date('2026-01-05T10:00:00Z'), importedAt: null, recordedAtKnown: true,
      metadata: { agencyId: AGENCIES[choice.agency], sensitivity: SENSITIVITIES[choice.sensitivity] as RecordedEvent['metadata']['sensitivity'] },
      data: target ? { eventId: target.eventId, sensitivity: SENSITIVITIES[choice.changes!.to], reason: 'Fictional.' } : {}, dataDigest: '', hash: '',
    });
  }
  return events;
}

/** The numbering's definition: an event's place among the events the agency may know of. */
function countedOverVisible(agencyId: string, events: RecordedEvent[], revision: number): number {
  return eventsVisibleToAgency(agencyId, events).filter((event) => event.revision <= revision).length - 1;
}

describe('AgencyRevisions', () => {
  it('given a police event recorded sealed, when the school is told revisions, then its numbering closes over the sealed event', () => {
    const events = stream([{ agency: 0, sensitivity: 0 }, { agency: 1, sensitivity: 2 }, { agency: 0, sensitivity: 0 }]);
    const school = new AgencyRevisions('school-a', sealingMarksAmong(events));
    const police = new AgencyRevisions('police-b', sealingMarksAmong(events));
    expect([school.seen(0), school.seen(2), school.current(2)]).toEqual([0, 1, 1]);
    expect([police.seen(0), police.seen(2), police.current(2)]).toEqual([0, 2, 2]);
  });

  it('given any stream, when counted from its sealing marks only, then every agency is told what counting over the whole stream tells it', () => {
    const choice = fc.record({
      agency: fc.integer({ min: 0, max: 2 }), sensitivity: fc.integer({ min: 0, max: 2 }),
      changes: fc.option(fc.record({ target: fc.nat(), to: fc.integer({ min: 0, max: 2 }) }), { nil: undefined, freq: 4 }),
    });
    fc.assert(fc.property(fc.array(choice, { minLength: 1, maxLength: 30 }), (choices) => {
      const events = stream(choices);
      const last = events.length - 1;
      for (const agencyId of AGENCIES) {
        const fromMarks = new AgencyRevisions(agencyId, sealingMarksAmong(events));
        const fromAll = new AgencyRevisions(agencyId, events);
        for (const event of events) {
          expect(fromMarks.seen(event.revision)).toBe(countedOverVisible(agencyId, events, event.revision));
          expect(fromAll.seen(event.revision)).toBe(fromMarks.seen(event.revision));
        }
        expect(fromMarks.current(last)).toBe(eventsVisibleToAgency(agencyId, events).length - 1);
      }
    }), { numRuns: 300 });
  });
});
