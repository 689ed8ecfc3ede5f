import { addWorkingDays } from '../calendar/working-days';
import { firstAfter, judgeDeadline } from './deadlines';
import type { ComplianceRule, HistoryEvent } from './rule';

const referrals = (events: readonly HistoryEvent[]) => events.filter((event) => event.type === 'ReferralMade');
const decisionOf = (events: readonly HistoryEvent[], referral: HistoryEvent) =>
  firstAfter(events, referral, (event) => event.type === 'ReferralDecisionMade' && event.data.referralId === referral.eventId);
/** The agency a referral went to decides it (children's social care, or its front door). */
const receiver = (referral: HistoryEvent) => String(referral.data.toAgency ?? referral.agencyId);

/** R01 (T1): a referral is decided within 1 working day of receipt. */
export const R01: ComplianceRule = {
  id: 'R01', reads: ['ReferralMade', 'ReferralDecisionMade'],
  title: 'Referral decided within 1 working day',
  source: 'T1: Working Together, referral decision within one working day of receipt',
  parameters: ['referralDecisionWorkingDays'],
  evaluate: (history, { profile, ...judgement }) => referrals(history.events).map((referral) => judgeDeadline({
    trigger: referral, dueOn: addWorkingDays(referral.day, profile.referralDecisionWorkingDays), agencyId: receiver(referral),
    done: decisionOf(history.events, referral), judgement: { profile, ...judgement }, what: `A decision on the referral of ${referral.day}`,
  })),
};

/** R02 (T1): the referrer is told the decision within 1 working day of the referral. */
export const R02: ComplianceRule = {
  id: 'R02', reads: ['ReferralMade', 'ReferralDecisionMade', 'ReferrerNotified'],
  title: 'Referrer told the decision within 1 working day',
  source: 'T1: Working Together, referrer informed of the decision within one working day',
  parameters: ['referrerNotifiedWorkingDays'],
  evaluate: (history, judgement) => referrals(history.events).map((referral) => {
    const decision = decisionOf(history.events, referral);
    const notified = decision && firstAfter(history.events, decision, (event) => event.type === 'ReferrerNotified' && event.data.decisionId === decision.eventId);
    return judgeDeadline({
      trigger: referral, dueOn: addWorkingDays(referral.day, judgement.profile.referrerNotifiedWorkingDays), agencyId: receiver(referral),
      done: notified, judgement, what: `Telling the referrer the decision on the referral of ${referral.day}`,
    });
  }),
};

/** R03 (T3): a child and family assessment is completed within 45 working days of the referral, unless extended with a reason. */
export const R03: ComplianceRule = {
  id: 'R03', reads: ['AssessmentStarted', 'AssessmentCompleted', 'AssessmentTimescaleExtended', 'ReferralMade', 'ReferralDecisionMade'],
  title: 'Assessment completed within 45 working days',
  source: 'T3: Working Together, child and family assessment within 45 working days of referral',
  parameters: ['assessmentWorkingDays'],
  evaluate: (history, judgement) => history.events
    .filter((event) => event.type === 'AssessmentStarted' && event.data.kind === 'child-and-family')
    .filter((started) => !history.events.some((event) => event.type === 'AssessmentTimescaleExtended' && event.data.assessmentId === started.eventId))
    .map((started) => {
      const referral = referralBehind(history.events, started);
      return judgeDeadline({
        trigger: started, dueOn: addWorkingDays((referral ?? started).day, judgement.profile.assessmentWorkingDays), agencyId: started.agencyId,
        done: firstAfter(history.events, started, (event) => event.type === 'AssessmentCompleted' && event.data.assessmentId === started.eventId),
        judgement, what: `The assessment started on ${started.day}`,
      });
    }),
};

/** The referral an assessment came from: named as its trigger, directly or through a decision. */
function referralBehind(events: readonly HistoryEvent[], started: HistoryEvent): HistoryEvent | undefined {
  const trigger = events.find((event) => event.eventId === started.data.triggerId);
  if (trigger?.type === 'ReferralMade') return trigger;
  if (trigger?.type === 'ReferralDecisionMade') return events.find((event) => event.eventId === trigger.data.referralId);
  return undefined;
}
