import { addCalendarDays, addMonths, addWorkingDays } from '../calendar/working-days';
import { firstAfter, judgeAtOnce, judgeDeadline, lastBefore, ofType, planEnding } from './deadlines';
import type { ComplianceRule, HistoryEvent } from './rule';

const isTrigger = (event: HistoryEvent) =>
  (event.type === 'AllegationMade' && ['parent-carer', 'household-member'].includes(event.data.about))
  || (event.type === 'ReferralDecisionMade' && ['strategy-discussion', 'immediate-protection'].includes(event.data.decision));

/** R04 (T4, local): reasonable cause to suspect significant harm is followed by a strategy discussion within 1 working day. */
export const R04: ComplianceRule = {
  id: 'R04', reads: ['AllegationMade', 'ReferralDecisionMade', 'StrategyDiscussionHeld'], title: 'Strategy discussion within 1 working day of a significant-harm trigger', source: 'T4: Working Together; local timescale',
  parameters: ['strategyDiscussionWorkingDays'],
  evaluate: (history, judgement) => history.events.filter(isTrigger).map((trigger) => judgeDeadline({
    trigger, dueOn: addWorkingDays(trigger.day, judgement.profile.strategyDiscussionWorkingDays), agencyId: trigger.agencyId,
    done: firstAfter(history.events, trigger, (event) => event.type === 'StrategyDiscussionHeld'), judgement,
    what: `A strategy discussion after the ${trigger.type === 'AllegationMade' ? 'allegation' : 'referral decision'} of ${trigger.day}`,
  })),
};

/** R05 (T4): children's social care, the police and health take part in a strategy discussion. */
export const R05: ComplianceRule = {
  id: 'R05', reads: ['StrategyDiscussionHeld'], title: 'Strategy discussion with social care, police and health', source: 'T4: Working Together', parameters: [],
  evaluate: (history) => ofType(history.events, 'StrategyDiscussionHeld').map((held) => {
    const kinds = new Set<string>((held.data.participants ?? []).map((participant: { agencyKind: string }) => participant.agencyKind));
    const missing = ['social-care', 'police', 'health'].filter((kind) => !kinds.has(kind));
    return judgeAtOnce({
      trigger: held, agencyId: held.agencyId, complies: missing.length === 0,
      met: `The strategy discussion of ${held.day} had social care, police and health.`,
      breached: `The strategy discussion of ${held.day} had no ${missing.join(' and no ').replace('social-care', 'social care')}.`,
    });
  }),
};

/** R06 (T5): a section 47 enquiry follows a strategy discussion. */
export const R06: ComplianceRule = {
  id: 'R06', reads: ['Section47Started', 'StrategyDiscussionHeld'], title: 'Section 47 enquiry only after a strategy discussion', source: 'T5: Working Together', parameters: [],
  evaluate: (history) => ofType(history.events, 'Section47Started').map((started) => {
    const discussion = lastBefore(history.events, started, (event) => event.type === 'StrategyDiscussionHeld' && (!started.data.strategyDiscussionId || event.eventId === started.data.strategyDiscussionId));
    return judgeAtOnce({
      trigger: started, agencyId: started.agencyId, complies: discussion !== undefined, evidence: discussion ? [discussion.eventId, started.eventId] : [started.eventId],
      met: `The section 47 enquiry of ${started.day} followed the strategy discussion of ${discussion?.day}.`,
      breached: `A section 47 enquiry started on ${started.day} with no strategy discussion on record before it.`,
    });
  }),
};

const initialConferences = (events: readonly HistoryEvent[]) => events.filter((event) => event.type === 'ConferenceHeld' && ['initial', 'pre-birth'].includes(event.data.kind));

/** R07 (T6): the initial child protection conference is within 15 working days of the strategy discussion that led to it. */
export const R07: ComplianceRule = {
  id: 'R07', reads: ['Section47Concluded', 'Section47Started', 'StrategyDiscussionHeld', 'ConferenceHeld'], title: 'Initial conference within 15 working days of the strategy discussion', source: 'T6: Working Together',
  parameters: ['initialConferenceWorkingDays'],
  evaluate: (history, judgement) => history.events
    .filter((event) => event.type === 'Section47Concluded' && event.data.outcome === 'concerns-substantiated-conference')
    .flatMap((concluded) => {
      const started = history.events.find((event) => event.eventId === concluded.data.section47Id);
      const discussion = history.events.find((event) => event.eventId === started?.data.strategyDiscussionId)
        ?? lastBefore(history.events, started ?? concluded, (event) => event.type === 'StrategyDiscussionHeld');
      if (!discussion) return [];
      return [judgeDeadline({
        trigger: discussion, dueOn: addWorkingDays(discussion.day, judgement.profile.initialConferenceWorkingDays), agencyId: concluded.agencyId,
        done: firstAfter(history.events, discussion, (event) => initialConferences([event]).length === 1), judgement,
        what: `The initial child protection conference after the strategy discussion of ${discussion.day}`,
      })].map((finding) => ({ ...finding, key: concluded.eventId }));
    }),
};

/** Conferences that put or keep a child on a plan, and the next one due after each. */
function reviewChain(history: { events: HistoryEvent[] }, kinds: string[], months: number, judgement: Parameters<ComplianceRule['evaluate']>[1], what: string) {
  return history.events
    .filter((event) => event.type === 'ConferenceHeld' && kinds.includes(event.data.kind) && ['child-protection-plan', 'plan-continues'].includes(event.data.decision))
    .flatMap((conference) => {
      const plan = firstAfter(history.events, conference, (event) => event.type === 'PlanStarted' && event.data.planType === 'child-protection');
      const dueOn = addMonths(conference.day, months);
      const ended = plan ? planEnding(history.events, plan) : undefined;
      if (ended && ended.day <= dueOn) return []; // the plan ended first: no review was due
      return [judgeDeadline({
        trigger: conference, dueOn, agencyId: conference.agencyId, judgement, what: `${what} after the conference of ${conference.day}`,
        done: firstAfter(history.events, conference, (event) => event.type === 'ConferenceHeld' && event.data.kind === 'review'),
      })];
    });
}

/** R08 (T7): the first review conference is within 3 months of the initial one. */
export const R08: ComplianceRule = {
  id: 'R08', reads: ['ConferenceHeld', 'PlanStarted', 'PlanEnded'], title: 'First review conference within 3 months', source: 'T7: Working Together', parameters: ['firstReviewConferenceMonths'],
  evaluate: (history, judgement) => reviewChain(history, ['initial', 'pre-birth'], judgement.profile.firstReviewConferenceMonths, judgement, 'The first review conference'),
};

/** R09 (T8): later review conferences are at most 6 months apart. */
export const R09: ComplianceRule = {
  id: 'R09', reads: ['ConferenceHeld', 'PlanStarted', 'PlanEnded'], title: 'Review conferences at most 6 months apart', source: 'T8: Working Together', parameters: ['reviewConferenceIntervalMonths'],
  evaluate: (history, judgement) => reviewChain(history, ['review', 'transfer-in'], judgement.profile.reviewConferenceIntervalMonths, judgement, 'The next review conference'),
};

/** R10 (T9): the first core group meets within 10 working days of the initial conference. */
export const R10: ComplianceRule = {
  id: 'R10', reads: ['ConferenceHeld', 'CoreGroupHeld'], title: 'First core group within 10 working days of the initial conference', source: 'T9: Working Together', parameters: ['firstCoreGroupWorkingDays'],
  evaluate: (history, judgement) => initialConferences(history.events).filter((conference) => conference.data.decision === 'child-protection-plan').map((conference) => judgeDeadline({
    trigger: conference, dueOn: addWorkingDays(conference.day, judgement.profile.firstCoreGroupWorkingDays), agencyId: conference.agencyId, judgement,
    done: firstAfter(history.events, conference, (event) => event.type === 'CoreGroupHeld'), what: `The first core group after the initial conference of ${conference.day}`,
  })),
};

/** R11 (T9, local): core groups meet at least every 6 weeks while the plan lasts. */
export const R11: ComplianceRule = {
  id: 'R11', reads: ['CoreGroupHeld', 'PlanStarted', 'PlanEnded'], title: 'Core groups at the policy interval', source: 'T9: local (commonly every 6 weeks)', parameters: ['coreGroupIntervalWeeks'],
  evaluate: (history, judgement) => ofType(history.events, 'CoreGroupHeld').flatMap((meeting) => {
    const dueOn = addCalendarDays(meeting.day, judgement.profile.coreGroupIntervalWeeks * 7);
    const plan = history.events.find((event) => event.eventId === meeting.data.planId);
    const ended = plan ? planEnding(history.events, plan) : undefined;
    if (ended && ended.day <= dueOn) return [];
    return [judgeDeadline({
      trigger: meeting, dueOn, agencyId: meeting.agencyId, judgement, what: `The next core group after the one of ${meeting.day}`,
      done: firstAfter(history.events, meeting, (event) => event.type === 'CoreGroupHeld'),
    })];
  }),
};
