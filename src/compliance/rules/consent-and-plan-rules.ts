import { addMonths, addWorkingDays } from '../calendar/working-days';
import { firstAfter, judgeAtOnce, judgeDeadline, lastBefore, ofType, planPeriods } from './deadlines';
import type { ComplianceRule, HistoryEvent } from './rule';

const NEEDS_NO_CONSENT = ['section-47-enquiry', 'strategy-discussion', 'information-sharing'];
const PROTECTIVE_STEP = ['StrategyDiscussionHeld', 'Section47Started', 'ReferralMade', 'ConferenceHeld'];

/**
 * R24 (T13, T15) "consent treated as a barrier": a refusal of consent that was never needed, with no
 * child-protection step within 2 working days; or a lawful refusal of a medical examination or
 * interview with no strategy discussion or legal step considered after it.
 */
export const R24: ComplianceRule = {
  id: 'R24', reads: ['ConsentRefused', 'StrategyDiscussionHeld', 'Section47Started', 'ReferralMade', 'ConferenceHeld', 'InformationShared', 'ManagementOversightRecorded'], title: 'Consent treated as a barrier', source: 'T13, T15: Working Together; information sharing advice', parameters: ['consentBarrierWorkingDays'],
  evaluate: (history, judgement) => ofType(history.events, 'ConsentRefused')
    .filter((refusal) => NEEDS_NO_CONSENT.includes(refusal.data.scope) || ['medical-examination', 'interview'].includes(refusal.data.scope))
    .map((refusal) => {
      const lawfulRefusal = !NEEDS_NO_CONSENT.includes(refusal.data.scope);
      const steps = lawfulRefusal ? ['StrategyDiscussionHeld', 'ManagementOversightRecorded'] : [...PROTECTIVE_STEP, 'InformationShared'];
      return judgeDeadline({
        trigger: refusal, dueOn: addWorkingDays(refusal.day, judgement.profile.consentBarrierWorkingDays), agencyId: refusal.agencyId, judgement,
        done: firstAfter(history.events, refusal, (event) => steps.includes(event.type) && (event.type !== 'InformationShared' || event.data.withConsent === false)),
        what: lawfulRefusal
          ? `After consent to a ${refusal.data.scope.replace('-', ' ')} was refused on ${refusal.day}, considering a strategy discussion or legal step`
          : `After consent (not needed) to ${refusal.data.scope.replace(/-/g, ' ')} was refused on ${refusal.day}, a child-protection step`,
      });
    }),
};

/** R25 (T13): child-in-need and early-help work is voluntary: consent is recorded before the plan starts. */
export const R25: ComplianceRule = {
  id: 'R25', reads: ['PlanStarted', 'ConsentGiven'], title: 'Consent recorded for voluntary plans', source: 'T13: Working Together', parameters: [],
  evaluate: (history) => ofType(history.events, 'PlanStarted').filter((plan) => ['child-in-need', 'early-help'].includes(plan.data.planType)).map((plan) => {
    const consent = lastBefore(history.events, plan, (event) => event.type === 'ConsentGiven' && ['early-help', 'child-in-need-assessment'].includes(event.data.scope));
    return judgeAtOnce({
      trigger: plan, agencyId: plan.agencyId, complies: !!consent, evidence: consent ? [consent.eventId, plan.eventId] : [plan.eventId],
      met: `Consent was recorded on ${consent?.day} before the ${plan.data.planType} plan of ${plan.day}.`,
      breached: `The ${plan.data.planType} plan of ${plan.day} started with no consent recorded.`,
    });
  }),
};

/** R26 (T17): an allegation against someone who works with children reaches the LADO within 1 working day. */
export const R26: ComplianceRule = {
  id: 'R26', reads: ['AllegationMade', 'LadoReferralMade'], title: 'Allegation against someone working with children referred to the LADO within 1 working day', source: 'T17: Working Together; Keeping Children Safe in Education', parameters: ['ladoWorkingDays'],
  evaluate: (history, judgement) => history.events.filter((event) => event.type === 'AllegationMade' && event.data.about === 'works-with-children').map((allegation) => judgeDeadline({
    trigger: allegation, dueOn: addWorkingDays(allegation.day, judgement.profile.ladoWorkingDays), agencyId: allegation.agencyId, judgement,
    done: firstAfter(history.events, allegation, (event) => event.type === 'LadoReferralMade' && event.data.allegationId === allegation.eventId),
    what: `A LADO referral for the allegation of ${allegation.day}`,
  })),
};

/** R28 (local): while any plan is open, management oversight at least every 2 months. */
export const R28: ComplianceRule = {
  id: 'R28', reads: ['PlanStarted', 'PlanEnded', 'ManagementOversightRecorded'], title: 'Management oversight of open plans', source: 'Local: management oversight standard', parameters: ['managementOversightMonths'],
  evaluate: (history, judgement) => planPeriods(history.events, () => true).flatMap(({ opened, closed }) => {
    const oversights = history.events.filter((event) => event.type === 'ManagementOversightRecorded' && event.index > opened.index && (!closed || event.index < closed.index));
    return [opened, ...oversights].flatMap((from) => {
      const dueOn = addMonths(from.day, judgement.profile.managementOversightMonths);
      if (closed && closed.day <= dueOn) return [];
      return [judgeDeadline({
        trigger: from, dueOn, agencyId: opened.agencyId, judgement, what: `Management oversight of the open ${opened.data.planType} plan after ${from.day}`,
        done: firstAfter(history.events, from, (event) => event.type === 'ManagementOversightRecorded'),
      })];
    });
  }),
};

/** R29 (KCSIE): a child protection file follows the child to a new school within 5 school days (counted as working days: term dates are not known). */
export const R29: ComplianceRule = {
  id: 'R29', reads: ['SchoolChanged', 'CPFileTransferred', 'ConcernRaised', 'PlanStarted', 'AllegationMade'], title: 'Child protection file transferred to the new school', source: 'Keeping Children Safe in Education', parameters: ['cpFileTransferSchoolDays'],
  evaluate: (history, judgement) => ofType(history.events, 'SchoolChanged')
    .filter((change) => hadSafeguardingRecord(history.events, change))
    .map((change) => judgeDeadline({
      trigger: change, dueOn: addWorkingDays(change.data.startDate ?? change.day, judgement.profile.cpFileTransferSchoolDays), agencyId: String(change.data.fromSetting ?? change.agencyId), judgement,
      done: firstAfter(history.events, change, (event) => event.type === 'CPFileTransferred'), what: `Sending the child protection file to ${change.data.toSetting}`,
    })),
};

/** R30: a case is closed with the child's view and the agencies consulted recorded. */
export const R30: ComplianceRule = {
  id: 'R30', reads: ['CaseClosed'], title: 'Case closed with the child’s view and agencies consulted', source: 'Working Together: step-down and closure', parameters: [],
  evaluate: (history) => ofType(history.events, 'CaseClosed').map((closure) => {
    const missing = [closure.data.childView ? '' : "the child's view", (closure.data.agenciesConsulted ?? []).length ? '' : 'the agencies consulted'].filter(Boolean);
    return judgeAtOnce({
      trigger: closure, agencyId: closure.agencyId, complies: missing.length === 0,
      met: `The case closed on ${closure.day} records the child's view and the agencies consulted.`,
      breached: `The case closed on ${closure.day} does not record ${missing.join(' or ')}.`,
    });
  }),
};

function hadSafeguardingRecord(events: readonly HistoryEvent[], change: HistoryEvent): boolean {
  return lastBefore(events, change, (event) => event.type === 'ConcernRaised' || event.type === 'PlanStarted' || event.type === 'AllegationMade') !== undefined;
}
