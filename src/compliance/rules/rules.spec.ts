import { describe, expect, it } from '@jest/globals';
import { given, statuses } from '../../../test/setup/given-child-history';
import { profileFrom, scheduleFrom } from '../profile/policy-profile';
import { R04, R05, R06, R07, R08, R09, R10, R11 } from './child-protection-rules';
import { R24, R25, R26, R28, R29, R30 } from './consent-and-plan-rules';
import { DQ1, DQ2 } from './data-quality-rules';
import { R16, R17, R18 } from './escalation-rules';
import { R19, R20, R21, R22, R23 } from './pattern-rules';
import { R15, R27 } from './recording-rules';
import { R01 } from './referral-rules';
import { R12, R13, R14 } from './visit-rules';

const everyone = [{ agency: 'csc', agencyKind: 'social-care', role: 'sw' }, { agency: 'police', agencyKind: 'police', role: 'ds' }, { agency: 'gp', agencyKind: 'health', role: 'gp' }];

describe('R04: strategy discussion within 1 working day of a significant-harm trigger', () => {
  it('given an allegation about a carer on Friday and a strategy discussion on Monday, then met; on Tuesday, breached', () => {
    const ok = given();
    ok.add('AllegationMade', '2025-03-07', { about: 'parent-carer', abuseType: 'physical', disclosedTo: 'teacher' }, { agency: 'school' });
    ok.add('StrategyDiscussionHeld', '2025-03-10', { participants: everyone, decision: 'section-47', actions: 'x' });
    expect(ok.judgedOn('2025-04-01', [R04])).toMatchObject([{ status: 'met', dueAt: '2025-03-10', agencyId: 'school' }]);
    const late = given();
    late.add('AllegationMade', '2025-03-07', { about: 'parent-carer', abuseType: 'physical', disclosedTo: 'teacher' }, { agency: 'school' });
    late.add('StrategyDiscussionHeld', '2025-03-11', { participants: everyone, decision: 'section-47', actions: 'x' });
    expect(statuses(late.judgedOn('2025-04-01', [R04]))).toEqual(['breached']);
  });
  it('given an allegation about a peer, then there is nothing to judge', () => {
    const h = given();
    h.add('AllegationMade', '2025-03-07', { about: 'peer', abuseType: 'physical', disclosedTo: 'teacher' });
    expect(h.judgedOn('2025-04-01', [R04])).toEqual([]);
  });
});

describe('R05 and R06: who takes part, and what comes first', () => {
  it('given a strategy discussion without health, then R05 is breached and names it; with all three, met', () => {
    const h = given();
    h.add('StrategyDiscussionHeld', '2025-03-10', { participants: everyone.slice(0, 2), decision: 'section-47', actions: 'x' });
    h.add('StrategyDiscussionHeld', '2025-03-12', { participants: everyone, decision: 'section-47', actions: 'x' });
    const findings = h.judgedOn('2025-04-01', [R05]);
    expect(statuses(findings)).toEqual(['breached', 'met']);
    expect(findings[0].explanation).toBe('The strategy discussion of 2025-03-10 had no health.');
  });
  it('given a section 47 enquiry before any strategy discussion, then R06 is breached; after one, met', () => {
    const h = given();
    h.add('Section47Started', '2025-03-10', {});
    const discussion = h.add('StrategyDiscussionHeld', '2025-03-11', { participants: everyone, decision: 'section-47', actions: 'x' });
    h.add('Section47Started', '2025-03-12', { strategyDiscussionId: discussion.eventId });
    expect(statuses(h.judgedOn('2025-04-01', [R06]))).toEqual(['breached', 'met']);
  });
});

describe('R07-R11: conferences and core groups', () => {
  function planned(conferenceDay: string) {
    const h = given();
    const discussion = h.add('StrategyDiscussionHeld', '2025-01-06', { participants: everyone, decision: 'section-47', actions: 'x' });
    const s47 = h.add('Section47Started', '2025-01-07', { strategyDiscussionId: discussion.eventId });
    h.add('Section47Concluded', '2025-01-20', { section47Id: s47.eventId, outcome: 'concerns-substantiated-conference' });
    const conference = h.add('ConferenceHeld', conferenceDay, { kind: 'initial', invited: everyone, attending: everyone, decision: 'child-protection-plan' });
    h.add('PlanStarted', conferenceDay, { planType: 'child-protection', decisionId: conference.eventId });
    return { h, conference };
  }
  it('given the initial conference on the 15th working day after the strategy discussion, then R07 is met; a day later, breached', () => {
    expect(planned('2025-01-27').h.judgedOn('2025-02-28', [R07])).toMatchObject([{ status: 'met', dueAt: '2025-01-27' }]);
    expect(planned('2025-01-28').h.judgedOn('2025-02-28', [R07])).toMatchObject([{ status: 'breached', dueAt: '2025-01-27' }]);
  });
  it('given a first review 3 months after the initial conference, then R08 is met; with none, breached the day after', () => {
    const { h } = planned('2025-01-27');
    expect(h.judgedOn('2025-04-27', [R08])).toMatchObject([{ status: 'open', dueAt: '2025-04-27' }]);
    expect(h.judgedOn('2025-04-28', [R08])).toMatchObject([{ status: 'breached', breachedAt: '2025-04-28' }]);
    h.add('ConferenceHeld', '2025-04-25', { kind: 'review', invited: everyone, attending: everyone, decision: 'plan-continues' }, { recordedAt: '2025-04-25T16:00:00Z' });
    expect(statuses(h.judgedOn('2025-05-01', [R08]))).toEqual(['met']);
    expect(h.judgedOn('2025-11-01', [R09])).toMatchObject([{ status: 'breached', dueAt: '2025-10-25' }]);
  });
  it('given a core group 10 working days after the conference and then every 6 weeks, then R10 and R11 are met; a gap of 43 days breaches R11', () => {
    const { h, conference } = planned('2025-01-27');
    const plan = h.events.find((event) => event.type === 'PlanStarted')!;
    h.add('CoreGroupHeld', '2025-02-10', { planId: plan.eventId, attending: everyone });
    h.add('CoreGroupHeld', '2025-03-24', { planId: plan.eventId, attending: everyone });
    h.add('CoreGroupHeld', '2025-05-06', { planId: plan.eventId, attending: everyone });
    expect(h.judgedOn('2025-05-07', [R10])).toMatchObject([{ status: 'met', dueAt: '2025-02-10', evidence: [conference.eventId, expect.any(String)] }]);
    expect(statuses(h.judgedOn('2025-05-07', [R11]))).toEqual(['met', 'breached', 'open']);
  });
});

describe('R12-R14: visits and the child’s voice', () => {
  it('given statutory visits every 10 working days across a bank holiday, then met; one day more, breached', () => {
    const h = given();
    const plan = h.add('PlanStarted', '2025-04-07', { planType: 'child-protection', visitFrequencyWorkingDays: 10 });
    h.add('VisitCompleted', '2025-04-22', { statutory: true, childSeen: true, childSeenAlone: true, planId: plan.eventId }); // Easter Monday 21st not counted
    h.add('VisitCompleted', '2025-05-07', { statutory: true, childSeen: true, childSeenAlone: true, planId: plan.eventId }); // May Day 5th not counted
    expect(statuses(h.judgedOn('2025-05-07', [R12]))).toEqual(['met', 'met', 'open']);
    h.add('VisitCompleted', '2025-05-23', { statutory: true, childSeen: true, childSeenAlone: false, planId: plan.eventId });
    expect(statuses(h.judgedOn('2025-05-30', [R12]))).toEqual(['met', 'met', 'breached', 'open']);
    expect(statuses(h.judgedOn('2025-05-30', [R13]))).toEqual(['met', 'met', 'breached']);
  });
  it('given a statutory visit with the child’s voice recorded, then R14 is met; without, breached', () => {
    const h = given();
    const visit = h.add('VisitCompleted', '2025-05-07', { statutory: true, childSeen: true, childSeenAlone: true });
    h.add('ChildVoiceRecorded', '2025-05-07', { method: 'words', content: 'I like school.', contextId: visit.eventId });
    h.add('VisitCompleted', '2025-05-21', { statutory: true, childSeen: true, childSeenAlone: true });
    expect(statuses(h.judgedOn('2025-06-01', [R14]))).toEqual(['met', 'breached']);
  });
});

describe('R15: recording lag by class', () => {
  it('given a critical event recorded within 24 hours and another after, then met and breached', () => {
    const h = given();
    h.add('AllegationMade', '2025-03-07', { about: 'peer', abuseType: 'physical', disclosedTo: 'x' }, { occurredAt: '2025-03-07T10:00:00Z', recordedAt: '2025-03-08T09:59:00Z' });
    h.add('AllegationMade', '2025-03-07', { about: 'peer', abuseType: 'physical', disclosedTo: 'x' }, { occurredAt: '2025-03-07T10:00:00Z', recordedAt: '2025-03-08T10:01:00Z' });
    expect(statuses(h.judgedOn('2025-04-01', [R15]))).toEqual(['met', 'breached']);
  });
  it('given a referral on Friday recorded on Tuesday (2 working days), then met; on Wednesday, breached; a local profile of 3 days allows it', () => {
    const h = given();
    h.add('ReferralMade', '2025-03-07', { fromAgency: 'school', toAgency: 'csc', route: 'mash', familyInformed: true }, { recordedAt: '2025-03-11T12:00:00Z' });
    h.add('ReferralMade', '2025-03-07', { fromAgency: 'school', toAgency: 'csc', route: 'mash', familyInformed: true }, { recordedAt: '2025-03-12T12:00:00Z' });
    expect(statuses(h.judgedOn('2025-04-01', [R15]))).toEqual(['met', 'breached']);
    const local = profileFrom({ name: 'local', version: '1', recordingLag: { significantWorkingDays: 3 } });
    expect(statuses(h.judgedOn('2025-04-01', [R15], local))).toEqual(['met', 'met']);
  });
});

describe('R16-R18: disagreements, escalations, ending plans', () => {
  it('given a disagreement escalated on the 5th working day, then met; another never escalated, breached', () => {
    const h = given();
    const disagreement = h.add('DisagreementRaised', '2025-03-03', { subject: 'Threshold', withAgency: 'csc' }, { agency: 'school' });
    h.add('EscalationRaised', '2025-03-10', { disagreementId: disagreement.eventId, subject: 'Threshold', withAgency: 'csc', step: 1 }, { agency: 'school' });
    h.add('DisagreementRaised', '2025-03-03', { subject: 'Plan', withAgency: 'csc' }, { agency: 'gp' });
    expect(statuses(h.judgedOn('2025-04-01', [R16]))).toEqual(['met', 'breached']);
    expect(h.judgedOn('2025-04-01', [R17])).toMatchObject([{ status: 'breached', dueAt: '2025-03-12' }]);
  });
  it('given a plan ended without health and with a dissent, then R18 is breached naming both', () => {
    const h = given();
    const conference = h.add('ConferenceHeld', '2025-03-03', { kind: 'review', invited: everyone, attending: everyone.slice(0, 2), decision: 'plan-ends' });
    h.add('ProfessionalDissentRecorded', '2025-03-04', { conferenceId: conference.eventId, agency: 'school', grounds: 'Too soon.' }, { agency: 'school' });
    const [finding] = h.judgedOn('2025-04-01', [R18]);
    expect(finding.status).toBe('breached');
    expect(finding.explanation).toBe('The child protection plan was ended at the conference of 2025-03-03 although health neither attended nor sent a report and school dissented.');
  });
});

describe('R19-R23: patterns', () => {
  it('given referrals 11 months apart, then the second is a repeat (R19); 13 months apart, not', () => {
    const h = given();
    const referral = { fromAgency: 'school', toAgency: 'csc', route: 'mash', familyInformed: true };
    h.add('ReferralMade', '2023-01-10', referral);
    h.add('ReferralMade', '2023-12-10', referral);
    h.add('ReferralMade', '2025-02-01', referral);
    expect(statuses(h.judgedOn('2025-04-01', [R19]))).toEqual(['met', 'breached', 'met']);
  });
  it('given a second child protection plan, then R20 is breached; a plan open 16 months, R21 is breached', () => {
    const h = given();
    h.add('PlanStarted', '2022-01-10', { planType: 'child-protection' });
    h.add('PlanEnded', '2022-09-10', { planType: 'child-protection', endReason: 'Progress.' });
    h.add('PlanStarted', '2023-11-10', { planType: 'child-protection' });
    expect(statuses(h.judgedOn('2025-03-11', [R20]))).toEqual(['met', 'breached']);
    expect(h.judgedOn('2025-03-11', [R21])).toMatchObject([{ status: 'met' }, { status: 'breached', dueAt: '2025-02-10' }]);
  });
  it('given four concerns from two agencies in six months, one about a sibling, and no referral, then R22 finds it once; with a referral, nothing', () => {
    const concern = { categories: ['neglect'], description: 'x', immediateAction: 'x', referred: false };
    const h = given();
    h.add('ConcernRaised', '2025-01-10', concern, { agency: 'school' });
    h.add('AppointmentMissed', '2025-02-10', { service: 'dental', appointmentKind: 'check', wasNotBrought: true, followUp: 'x' }, { agency: 'gp' });
    h.add('VisitNoAccess', '2025-03-10', { statutory: false }, { agency: 'gp' });
    const sibling = given();
    sibling.add('ConcernRaised', '2025-04-01', concern, { agency: 'school' });
    h.add('ConcernRaised', '2025-04-20', concern, { agency: 'school' });
    expect(h.judgedOn('2025-05-01', [R22], undefined, sibling.events)).toMatchObject([{ status: 'breached', dueAt: '2025-04-01' }]);
    h.add('ReferralMade', '2025-02-01', { fromAgency: 'school', toAgency: 'csc', route: 'mash', familyInformed: true }, { agency: 'school' });
    expect(h.judgedOn('2025-05-01', [R22], undefined, sibling.events)).toEqual([]);
  });
  it('given two was-not-brought appointments in six months, then R23 finds the second; a single one, nothing', () => {
    const h = given();
    const missed = { service: 'dental', appointmentKind: 'check', wasNotBrought: true, followUp: 'x' };
    h.add('AppointmentMissed', '2025-01-10', missed, { agency: 'gp' });
    expect(h.judgedOn('2025-05-01', [R23])).toEqual([]);
    h.add('AppointmentMissed', '2025-06-01', missed, { agency: 'gp' });
    expect(statuses(h.judgedOn('2025-07-01', [R23]))).toEqual(['breached']);
  });
});

describe('R24-R30', () => {
  it('given consent to information sharing refused and no protective step, then R24 is breached; with a strategy discussion the next day, met', () => {
    const h = given();
    h.add('ConsentSought', '2025-03-03', { scope: 'information-sharing', who: 'parent-with-parental-responsibility' });
    h.add('ConsentRefused', '2025-03-03', { scope: 'information-sharing', who: 'parent-with-parental-responsibility' });
    expect(statuses(h.judgedOn('2025-04-01', [R24]))).toEqual(['breached']);
    h.add('StrategyDiscussionHeld', '2025-03-04', { participants: everyone, decision: 'section-47', actions: 'x' });
    expect(statuses(h.judgedOn('2025-04-01', [R24]))).toEqual(['met']);
  });
  it('given a child-in-need plan without consent, then R25 is breached; with consent given before, met', () => {
    const h = given();
    h.add('PlanStarted', '2025-03-03', { planType: 'child-in-need' });
    h.add('ConsentGiven', '2025-03-10', { scope: 'child-in-need-assessment', who: 'parent-with-parental-responsibility' });
    h.add('PlanStarted', '2025-03-11', { planType: 'child-in-need' });
    expect(statuses(h.judgedOn('2025-04-01', [R25]))).toEqual(['breached', 'met']);
  });
  it('given an allegation against a teacher and a LADO referral the next working day, then R26 is met; without, breached', () => {
    const h = given();
    const allegation = h.add('AllegationMade', '2025-03-07', { about: 'works-with-children', abuseType: 'physical', disclosedTo: 'head' }, { agency: 'school' });
    h.add('AllegationMade', '2025-03-07', { about: 'works-with-children', abuseType: 'emotional', disclosedTo: 'head' }, { agency: 'school' });
    h.add('LadoReferralMade', '2025-03-10', { allegationId: allegation.eventId }, { agency: 'school' });
    expect(statuses(h.judgedOn('2025-04-01', [R26]))).toEqual(['met', 'breached']);
  });
  it('given a conference with a chronology updated 20 working days before, then R27 is met; 21, breached', () => {
    const h = given();
    h.add('ChronologyUpdated', '2025-02-03', { periodFrom: '2024-01-01', periodTo: '2025-02-01', reviewedBy: 'sw' });
    h.add('ConferenceHeld', '2025-03-03', { kind: 'initial', invited: everyone, attending: everyone, decision: 'no-plan' });
    h.add('ConferenceHeld', '2025-03-04', { kind: 'initial', invited: everyone, attending: everyone, decision: 'no-plan' });
    expect(statuses(h.judgedOn('2025-04-01', [R27]))).toEqual(['met', 'breached']);
  });
  it('given management oversight every two months, then R28 is met; a longer gap, breached', () => {
    const h = given();
    h.add('PlanStarted', '2025-01-10', { planType: 'child-in-need' });
    h.add('ManagementOversightRecorded', '2025-03-10', { decision: 'continue', manager: 'tm' });
    h.add('ManagementOversightRecorded', '2025-05-11', { decision: 'continue', manager: 'tm' });
    expect(statuses(h.judgedOn('2025-05-20', [R28]))).toEqual(['met', 'breached', 'open']);
  });
  it('given a school change after a concern and the file sent in 5 working days, then R29 is met; never sent, breached', () => {
    const h = given();
    h.add('ConcernRaised', '2025-01-10', { categories: ['neglect'], description: 'x', immediateAction: 'x', referred: false }, { agency: 'school-a' });
    h.add('SchoolChanged', '2025-03-03', { fromSetting: 'school-a', toSetting: 'school-b', startDate: '2025-03-03' }, { agency: 'school-a' });
    expect(h.judgedOn('2025-04-01', [R29])).toMatchObject([{ status: 'breached', dueAt: '2025-03-10', agencyId: 'school-a' }]);
    h.add('CPFileTransferred', '2025-03-10', { fromSetting: 'school-a', toSetting: 'school-b', sentAt: '2025-03-10' }, { agency: 'school-a' });
    expect(statuses(h.judgedOn('2025-04-01', [R29]))).toEqual(['met']);
  });
  it('given a closure without the child’s view, then R30 is breached; with both, met', () => {
    const h = given();
    h.add('CaseClosed', '2025-03-03', { reason: 'Needs met.', agenciesConsulted: ['school'] });
    h.add('CaseClosed', '2025-04-03', { reason: 'Needs met.', childView: 'Happy.', agenciesConsulted: ['school'] });
    expect(statuses(h.judgedOn('2025-05-01', [R30]))).toEqual(['breached', 'met']);
  });
});

describe('data quality', () => {
  it('given a plan ended that never started and a conference with no strategy discussion, then both are found', () => {
    const h = given();
    h.add('PlanEnded', '2025-03-03', { planType: 'child-in-need', endReason: 'x' });
    h.add('ConferenceHeld', '2025-03-04', { kind: 'initial', invited: everyone, attending: everyone, decision: 'no-plan' });
    expect(h.judgedOn('2025-04-01', [DQ1, DQ2]).map((finding) => finding.rule)).toEqual(['DQ1', 'DQ2']);
  });
});

describe('local profiles', () => {
  it('given a profile counting three was-not-brought appointments, then two raise nothing (R23)', () => {
    const h = given();
    const missed = { service: 'dental', appointmentKind: 'check', wasNotBrought: true, followUp: 'x' };
    h.add('AppointmentMissed', '2025-01-10', missed, { agency: 'gp' });
    h.add('AppointmentMissed', '2025-03-10', missed, { agency: 'gp' });
    expect(statuses(h.judgedOn('2025-05-01', [R23]))).toEqual(['breached']);
    expect(h.judgedOn('2025-05-01', [R23], profileFrom({ name: 'local', version: '1', wasNotBrought: { count: 3 } }))).toEqual([]);
  });
  it('given a profile warning at 12 months, then a 13-month plan is breached under it and not under the national one (R21)', () => {
    const h = given();
    h.add('PlanStarted', '2024-01-10', { planType: 'child-protection' });
    expect(statuses(h.judgedOn('2025-02-11', [R21]))).toEqual(['open']);
    expect(h.judgedOn('2025-02-11', [R21], profileFrom({ name: 'local', version: '1', childProtectionPlanWarnMonths: 12 }))).toMatchObject([{ status: 'breached', dueAt: '2025-01-10' }]);
  });
  it('given a profile with a longer escalation first step, then the step is still in time (R17)', () => {
    const h = given();
    h.add('EscalationRaised', '2025-03-03', { subject: 'Threshold', withAgency: 'csc', step: 1 }, { agency: 'school' });
    expect(statuses(h.judgedOn('2025-03-07', [R17]))).toEqual(['breached']);
    expect(statuses(h.judgedOn('2025-03-07', [R17], profileFrom({ name: 'local', version: '1', escalationStepWorkingDays: [5, 5] })))).toEqual(['open']);
  });
  it('given an unknown setting or a bad value, then the profile is refused with every reason', () => {
    expect(() => profileFrom({ referralDecisionWorkingDays: -1, surprise: 1, recordingLag: { otherWorkingDays: 'x' } })).toThrow(
      'Invalid compliance profile:\n  - referralDecisionWorkingDays must be a whole number from 0 to 1000\n  - recordingLag.otherWorkingDays must be a whole number from 0 to 1000\n  - surprise is not a profile setting',
    );
  });
});


describe('profiles over time', () => {
  it('given a local profile from 2025-04-01, then each referral is judged by the profile in force on its day', () => {
    const schedule = scheduleFrom({ profiles: [{ name: 'old', version: '1', effectiveFrom: '2000-01-01', referralDecisionWorkingDays: 1 }, { name: 'new', version: '2', effectiveFrom: '2025-04-01', referralDecisionWorkingDays: 2 }] });
    const h = given();
    const referral = { fromAgency: 'school', toAgency: 'csc', route: 'mash', familyInformed: true };
    const march = h.add('ReferralMade', '2025-03-03', referral);
    h.add('ReferralDecisionMade', '2025-03-05', { referralId: march.eventId, decision: 'signpost', rationale: 'x', decidedBy: 'tm' });
    const april = h.add('ReferralMade', '2025-04-07', referral);
    h.add('ReferralDecisionMade', '2025-04-09', { referralId: april.eventId, decision: 'signpost', rationale: 'x', decidedBy: 'tm' });
    expect(h.judgedOn('2025-05-01', [R01], schedule).map((finding) => [finding.dueAt, finding.status, finding.profile])).toEqual([
      ['2025-03-04', 'breached', 'old@1'], ['2025-04-09', 'met', 'new@2'],
    ]);
  });
});
