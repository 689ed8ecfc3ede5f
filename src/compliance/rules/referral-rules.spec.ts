import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { londonMidnight } from '../../common/time/london';
import { evaluateChild, historyAsKnown } from '../evaluate-child';
import { DEFAULT_PROFILE, profileFrom } from '../profile/policy-profile';
import type { RecordedEvent } from '../../ledger/event-store.port';
import { R01, R02, R03 } from './referral-rules';

let position = 0;
function recorded(type: string, day: string, data: Record<string, unknown>, agencyId = 'school-a', eventId = randomUUID()): RecordedEvent {
  position += 1;
  return {
    streamId: 'child-c', revision: position, position, checkpoint: String(position), eventId, type, schemaVersion: 1, occurredAt: day,
    occurredAtPrecision: 'date', recordedAt: new Date(`${day}T17:00:00Z`), importedAt: null, recordedAtKnown: true, metadata: { agencyId }, data, dataDigest: '', hash: '',
  };
}
const judged = (events: RecordedEvent[], on: string, rules = [R01, R02, R03], profile = DEFAULT_PROFILE) =>
  evaluateChild(historyAsKnown('c', events, new Date(londonMidnight(on).getTime() + 86_399_000)), rules, profile, new Date(londonMidnight(on).getTime() + 86_399_000));

const referral = (day: string) => recorded('ReferralMade', day, { fromAgency: 'school-a', toAgency: 'csc', route: 'front-door', familyInformed: true });
const decision = (day: string, referralId: string) => recorded('ReferralDecisionMade', day, { referralId, decision: 'early-help', rationale: 'x', decidedBy: 'tm' }, 'csc');

describe('R01: referral decided within 1 working day', () => {
  it('given a Friday referral decided on Monday, then it is met (the weekend does not count)', () => {
    const made = referral('2025-08-15');
    const [finding] = judged([made, decision('2025-08-18', made.eventId)], '2025-09-30', [R01]);
    expect(finding).toMatchObject({ rule: 'R01', agencyId: 'csc', status: 'met', dueAt: '2025-08-18', metAt: '2025-08-18', profile: 'national-default@2026-11', guidance: 'Working Together to Safeguard Children 2023' });
  });

  it('given a Friday referral before the August bank holiday decided on the Tuesday, then it is met; on the Wednesday, breached', () => {
    const made = referral('2025-08-22');
    expect(judged([made, decision('2025-08-26', made.eventId)], '2025-09-30', [R01])[0]).toMatchObject({ status: 'met', dueAt: '2025-08-26' });
    const late = judged([made, decision('2025-08-27', made.eventId)], '2025-09-30', [R01])[0];
    expect(late).toMatchObject({ status: 'breached', dueAt: '2025-08-26', breachedAt: '2025-08-27', metAt: '2025-08-27' });
    expect(late.explanation).toBe('A decision on the referral of 2025-08-22 was due by 2025-08-26 but was done late, on 2025-08-27.');
  });

  it('given no decision, then it is open on the due day and breached the day after', () => {
    const made = referral('2025-03-03');
    expect(judged([made], '2025-03-04', [R01])[0]).toMatchObject({ status: 'open', dueAt: '2025-03-04' });
    expect(judged([made], '2025-03-05', [R01])[0]).toMatchObject({ status: 'breached', breachedAt: '2025-03-05', evidence: [made.eventId] });
  });

  it('given a decision recorded late, then as of a day before it was recorded the referral stands breached', () => {
    const made = referral('2025-03-03');
    const decided = { ...decision('2025-03-04', made.eventId), recordedAt: new Date('2025-03-20T10:00:00Z') };
    expect(judged([made, decided], '2025-03-10', [R01])[0]).toMatchObject({ status: 'breached' });
    expect(judged([made, decided], '2025-03-21', [R01])[0]).toMatchObject({ status: 'met' });
  });

  it('given a local profile allowing 2 working days, then a decision on the second day is met', () => {
    const made = referral('2025-03-03');
    const profile = profileFrom({ name: 'northshire', version: '1', referralDecisionWorkingDays: 2 });
    expect(judged([made, decision('2025-03-05', made.eventId)], '2025-04-01', [R01], profile)[0]).toMatchObject({ status: 'met', dueAt: '2025-03-05', profile: 'northshire@1' });
  });
});

describe('R02: referrer told within 1 working day', () => {
  it('given a decision and a notification the next working day, then it is met; without a notification, breached', () => {
    const made = referral('2025-03-07');
    const decided = decision('2025-03-07', made.eventId);
    const told = recorded('ReferrerNotified', '2025-03-10', { decisionId: decided.eventId, channel: 'email' }, 'csc');
    expect(judged([made, decided, told], '2025-04-01', [R02])[0]).toMatchObject({ status: 'met', metAt: '2025-03-10' });
    expect(judged([made, decided], '2025-04-01', [R02])[0]).toMatchObject({ status: 'breached', dueAt: '2025-03-10' });
  });
});

describe('R03: assessment within 45 working days of the referral', () => {
  const started = (day: string, triggerId: string) => recorded('AssessmentStarted', day, { kind: 'child-and-family', triggerId }, 'csc');
  it('given an assessment completed on the 45th working day after the referral, then it is met; a day later, breached', () => {
    const made = referral('2025-01-06');
    const start = started('2025-01-07', made.eventId);
    const completed = (day: string) => recorded('AssessmentCompleted', day, { assessmentId: start.eventId, kind: 'child-and-family', outcome: 'CIN plan', childSeen: true }, 'csc');
    expect(judged([made, start, completed('2025-03-10')], '2025-06-01', [R03])[0]).toMatchObject({ status: 'met', dueAt: '2025-03-10' });
    expect(judged([made, start, completed('2025-03-11')], '2025-06-01', [R03])[0]).toMatchObject({ status: 'breached', dueAt: '2025-03-10' });
  });

  it('given an extension with a reason, then there is no finding', () => {
    const made = referral('2025-01-06');
    const start = started('2025-01-07', made.eventId);
    const extended = recorded('AssessmentTimescaleExtended', '2025-03-01', { assessmentId: start.eventId, reason: 'Interpreter needed.', agreedBy: 'tm' }, 'csc');
    expect(judged([made, start, extended], '2025-06-01', [R03])).toEqual([]);
  });
});

describe('findings', () => {
  it('keep their id as they go from open to met', () => {
    const made = referral('2025-03-03');
    const open = judged([made], '2025-03-03', [R01])[0];
    const met = judged([made, decision('2025-03-04', made.eventId)], '2025-03-05', [R01])[0];
    expect(open.status).toBe('open');
    expect(met.status).toBe('met');
    expect(met.id).toBe(open.id);
  });
});
