import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { EVENT_CATALOGUE } from '../../children/catalogue/event-catalogue';
import type { RecordedEvent } from '../../ledger/event-store.port';
import { evolveCaseState, foldIntoCaseState, initialCaseState, type CaseState } from './case-state';

let revision = 0;
function event(type: string, occurredAt: string, data: Record<string, unknown> = {}, eventId = randomUUID()): RecordedEvent {
  revision += 1;
  return {
    streamId: 'child-c', revision, position: revision, checkpoint: String(revision), eventId, type, schemaVersion: 1, occurredAt,
    occurredAtPrecision: 'date', recordedAt: new Date(`${occurredAt}T12:00:00Z`), importedAt: null, recordedAtKnown: true,
    metadata: { agencyId: 'csc' }, data, dataDigest: '', hash: '',
  };
}
const given = (...events: RecordedEvent[]): CaseState => events.reduce(evolveCaseState, initialCaseState('c'));

describe('case state', () => {
  it('given referrals within and beyond twelve months, then re-referrals count only those within', () => {
    const state = given(event('ReferralMade', '2022-01-10'), event('ReferralMade', '2022-11-01'), event('ReferralMade', '2024-03-01'));
    expect(state.counts).toMatchObject({ referrals: 3, reReferrals: 1 });
    expect(state.lastReferralOn).toBe('2024-03-01');
  });

  it('given a referral closed with no further action and a later one, then there are two episodes, the first closed', () => {
    const state = given(
      event('ReferralMade', '2023-01-10'), event('ReferralDecisionMade', '2023-01-11', { decision: 'no-further-action' }),
      event('ReferralMade', '2023-06-01'),
    );
    expect(state.episodes.map((episode) => [episode.openedOn, episode.closedOn, episode.closureReason])).toEqual([['2023-01-10', '2023-01-11', 'no further action'], ['2023-06-01', null, null]]);
  });

  it('given a child protection plan started and ended, then the status follows it and the plan is no longer open', () => {
    const plan = event('PlanStarted', '2023-02-01', { planType: 'child-protection', categories: ['neglect'] });
    const during = given(event('ReferralMade', '2023-01-10'), plan);
    expect(during.childProtection).toMatchObject({ status: 'subject-to-plan', planId: plan.eventId, categories: ['neglect'], since: '2023-02-01' });
    expect(during.openPlans.map((open) => open.planType)).toEqual(['child-protection']);
    const after = evolveCaseState(during, event('PlanEnded', '2023-09-01', { planId: plan.eventId, planType: 'child-protection', endReason: 'Progress.' }));
    expect(after.childProtection).toMatchObject({ status: 'plan-ended', endedOn: '2023-09-01' });
    expect(after.openPlans).toEqual([]);
    expect(during.openPlans).toHaveLength(1); // the fold never changes the state it was given
  });

  it('given escalations raised, advanced and resolved, then only the unresolved one stays open at its latest step', () => {
    const first = event('EscalationRaised', '2023-03-01', { subject: 'Threshold', withAgency: 'csc', step: 1 });
    const second = event('EscalationRaised', '2023-03-02', { subject: 'Plan ended', withAgency: 'csc', step: 1 });
    const state = given(first, second, event('EscalationStepAdvanced', '2023-03-05', { escalationId: second.eventId, step: 2, note: 'To managers.' }),
      event('EscalationResolved', '2023-03-06', { escalationId: first.eventId, outcome: 'resolved-agreed', note: 'Agreed.' }));
    expect(state.openEscalations.map((open) => [open.escalationId, open.step])).toEqual([[second.eventId, 2]]);
  });

  it('given a registration, a birth and a link, then identifiers and linked records are kept', () => {
    const state = given(
      event('ChildRegistered', '2023-01-01', { expectedDeliveryDate: '2023-04-01', localIds: [{ agency: 'hv', id: 'X1' }] }),
      event('ChildBorn', '2023-03-28', { dateOfBirth: '2023-03-28', nhsNumber: '9434765919' }),
      event('DuplicateRecordsLinked', '2023-05-01', { otherChildId: 'other', reason: 'Same child.', linkedBy: 'admin' }),
    );
    expect(state).toMatchObject({ dateOfBirth: '2023-03-28', identifiers: { nhsNumber: '9434765919', localIds: [{ agency: 'hv', id: 'X1' }] }, linkedChildIds: ['other'] });
  });

  it('given any events in batches, when folded in place on each batch\'s copy (as the projection does), then the state is the pure fold\'s', () => {
    const types = [...EVENT_CATALOGUE.keys()];
    const anEvent = fc.record({ type: fc.constantFrom(...types), day: fc.integer({ min: 1, max: 28 }), month: fc.integer({ min: 1, max: 12 }) });
    fc.assert(
      fc.property(fc.array(fc.array(anEvent, { maxLength: 6 }), { maxLength: 8 }), (batches) => {
        const events = batches.map((batch) => batch.map(({ type, day, month }) =>
          event(type, `2025-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`, structuredClone(EVENT_CATALOGUE.get(type)!.example))));
        const pure = events.flat().reduce(evolveCaseState, initialCaseState('c'));
        let stored = JSON.stringify(initialCaseState('c'));
        for (const batch of events) {
          const state = JSON.parse(stored) as CaseState; // the projection's copy: parsed from the row
          for (const each of batch) foldIntoCaseState(state, each);
          stored = JSON.stringify(state);
        }
        expect(JSON.parse(stored)).toEqual(JSON.parse(JSON.stringify(pure)));
      }),
      { numRuns: 300 },
    );
  });
});
