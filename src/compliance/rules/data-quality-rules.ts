import { judgeAtOnce, lastBefore, ofType } from './deadlines';
import type { ComplianceRule } from './rule';

/** DQ1: a plan ended that the record never saw start (a missing event, or one recorded elsewhere). */
export const DQ1: ComplianceRule = {
  id: 'DQ1', reads: ['PlanEnded', 'PlanStarted'], title: 'Plan ended with no plan on record', source: 'Data quality', parameters: [],
  evaluate: (history) => ofType(history.events, 'PlanEnded').flatMap((ended) => {
    const plan = lastBefore(history.events, ended, (event) => event.type === 'PlanStarted' && (ended.data.planId ? event.eventId === ended.data.planId : event.data.planType === ended.data.planType));
    return plan ? [] : [judgeAtOnce({ trigger: ended, agencyId: ended.agencyId, complies: false, met: '', breached: `A ${ended.data.planType} plan was recorded as ended on ${ended.day}, but no such plan is on record.` })];
  }),
};

/** DQ2: an initial conference with no strategy discussion on record before it. */
export const DQ2: ComplianceRule = {
  id: 'DQ2', reads: ['ConferenceHeld', 'StrategyDiscussionHeld'], title: 'Conference with no strategy discussion on record', source: 'Data quality', parameters: [],
  evaluate: (history) => history.events.filter((event) => event.type === 'ConferenceHeld' && event.data.kind === 'initial').flatMap((conference) => {
    const discussed = lastBefore(history.events, conference, (event) => event.type === 'StrategyDiscussionHeld') !== undefined;
    return discussed ? [] : [judgeAtOnce({ trigger: conference, agencyId: conference.agencyId, complies: false, met: '', breached: `The initial conference of ${conference.day} has no strategy discussion on record before it.` })];
  }),
};
