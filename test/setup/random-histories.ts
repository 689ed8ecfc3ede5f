import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { EVENT_CATALOGUE } from '../../src/children/catalogue/event-catalogue';
import type { EventStore, NewEvent } from '../../src/ledger/event-store.port';
import type { ManualClock } from '../../src/ledger/contract/sample-events';

/** One step of a generated history: which child, what happens, and how long after the previous step it is recorded. */
export interface HistoryStep {
  child: number;
  kind: 'event' | 'correction' | 'sensitivity' | 'link';
  type: string;
  agency: string;
  occurredDaysAgo: number;
  recordedAfterMinutes: number;
  pick: number;
}

const TYPES = ['ConcernRaised', 'ReferralMade', 'ReferralDecisionMade', 'ReferrerNotified', 'VisitCompleted', 'AppointmentMissed', 'PlanStarted', 'PlanEnded',
  'CaseClosed', 'EscalationRaised', 'EscalationResolved', 'ConferenceHeld', 'InformationShared', 'StrategyDiscussionHeld', 'HistoricalNoteImported',
  'AssessmentStarted', 'AssessmentCompleted', 'CoreGroupHeld', 'ManagementOversightRecorded', 'ChildVoiceRecorded', 'ConsentRefused', 'AllegationMade'];
const AGENCIES = ['school-a', 'health-b', 'police-c', 'csc-d'];
const REFERENCES: Record<string, [string, string]> = {
  ReferralDecisionMade: ['referralId', 'ReferralMade'],
  PlanEnded: ['planId', 'PlanStarted'],
  ReferrerNotified: ['decisionId', 'ReferralDecisionMade'],
  AssessmentCompleted: ['assessmentId', 'AssessmentStarted'],
  CoreGroupHeld: ['planId', 'PlanStarted'],
  EscalationResolved: ['escalationId', 'EscalationRaised'],
};

const step = (kinds: Array<HistoryStep['kind']>) => fc.record<HistoryStep>({
  child: fc.nat(2),
  kind: fc.constantFrom(...kinds),
  type: fc.constantFrom(...TYPES),
  agency: fc.constantFrom(...AGENCIES),
  occurredDaysAgo: fc.nat(900),
  recordedAfterMinutes: fc.nat(60 * 24 * 20),
  pick: fc.nat(1000),
});

export const historySteps = fc.array(step(['event', 'event', 'event', 'correction', 'sensitivity', 'link']), { minLength: 1, maxLength: 40 });

/** Ordinary events only (no corrections, sensitivity changes or links, after which everything is judged again). */
export const plainHistorySteps = fc.array(step(['event']), { minLength: 1, maxLength: 40 });

/**
 * Appends a generated history of three children (each registered first) through the real store,
 * with corrections, sensitivity changes and links pointing at earlier events. The clock moves by each
 * step's delay, so recording times spread over weeks (for as-of queries).
 */
export async function appendHistory(store: EventStore, clock: ManualClock, steps: readonly HistoryStep[]): Promise<{ children: string[]; times: Date[] }> {
  const children = [randomUUID(), randomUUID(), randomUUID()];
  const written: Array<Array<{ eventId: string; type: string }>> = [[], [], []];
  const times: Date[] = [];
  for (const [index, childId] of children.entries()) {
    const registered = event('ChildRegistered', 'school-a', 1000);
    await store.append(`child-${childId}`, [registered]);
    written[index].push({ eventId: registered.eventId, type: registered.type });
  }
  for (const step of steps) {
    clock.advance(step.recordedAfterMinutes * 60_000);
    times.push(clock.now());
    const own = written[step.child];
    const target = own[step.pick % own.length];
    let next: NewEvent;
    if (step.kind === 'correction' && target.type !== 'RecordCorrected' && target.type !== 'SensitivityChanged') {
      next = event('RecordCorrected', step.agency, step.occurredDaysAgo, { correctedEventId: target.eventId, fields: [{ path: 'note', value: JSON.stringify(`corrected ${step.pick}`) }], reason: 'Fixed.' });
    } else if (step.kind === 'sensitivity') {
      next = event('SensitivityChanged', step.agency, step.occurredDaysAgo, { eventId: target.eventId, sensitivity: ['normal', 'restricted', 'sealed'][step.pick % 3], reason: 'Changed.' });
    } else if (step.kind === 'link' && step.child !== 0) {
      next = event('DuplicateRecordsLinked', 'csc-d', step.occurredDaysAgo, { otherChildId: children[0], reason: 'Same child.', linkedBy: 'admin' });
    } else {
      // Point references at an earlier event of this child when there is one, so rules see linked events.
      const data: Record<string, unknown> = { ...EVENT_CATALOGUE.get(step.type)!.example };
      const reference = REFERENCES[step.type];
      const earlier = reference && [...own].reverse().find((written) => written.type === reference[1]);
      if (reference && earlier) data[reference[0]] = earlier.eventId;
      next = event(step.type, step.agency, step.occurredDaysAgo, data, step.pick % 4 === 0 ? 'restricted' : 'normal');
    }
    await store.append(`child-${children[step.child]}`, [next]);
    own.push({ eventId: next.eventId, type: next.type });
  }
  return { children, times };

  function event(type: string, agencyId: string, daysAgo: number, data: Record<string, unknown> = { dateOfBirth: '2015-01-01' }, sensitivity: 'normal' | 'restricted' = 'normal'): NewEvent {
    const occurred = new Date(clock.now().getTime() - daysAgo * 86_400_000);
    const byDate = daysAgo % 2 === 0;
    return {
      eventId: randomUUID(), type, schemaVersion: 1,
      occurredAt: byDate ? occurred.toISOString().slice(0, 10) : occurred.toISOString(), occurredAtPrecision: byDate ? 'date' : 'date-time',
      data, metadata: { agencyId, sensitivity },
    };
  }
}
