import { addWorkingDays } from '../calendar/working-days';
import { firstAfter, judgeAtOnce, judgeDeadline, planPeriods } from './deadlines';
import type { ComplianceRule, HistoryEvent } from './rule';

const statutoryVisit = (event: HistoryEvent) => event.type === 'VisitCompleted' && event.data.statutory === true;

/** R12 (T10, local): while a child protection plan lasts, statutory visits at the plan's frequency (commonly every 10 working days). */
export const R12: ComplianceRule = {
  id: 'R12', reads: ['PlanStarted', 'PlanEnded', 'VisitCompleted'], title: 'Statutory visits at the plan’s frequency', source: 'T10: local, set by the plan', parameters: ['statutoryVisitWorkingDays'],
  evaluate: (history, judgement) => planPeriods(history.events, (type) => type === 'child-protection').flatMap(({ opened, closed }) => {
    const every = opened.data.visitFrequencyWorkingDays ?? judgement.profile.statutoryVisitWorkingDays;
    const visits = history.events.filter((event) => statutoryVisit(event) && event.index > opened.index && (!closed || event.index < closed.index));
    return [opened, ...visits].flatMap((from) => {
      const dueOn = addWorkingDays(from.day, every);
      if (closed && closed.day <= dueOn) return [];
      return [judgeDeadline({
        trigger: from, dueOn, agencyId: opened.agencyId, judgement, what: `The next statutory visit after ${from === opened ? 'the plan started' : 'the visit'} on ${from.day}`,
        done: firstAfter(history.events, from, statutoryVisit),
      })];
    });
  }),
};

/** R13 (T10): on a statutory visit the child is seen alone, or the reason is recorded. */
export const R13: ComplianceRule = {
  // Each visit is judged on its own data alone: a new visit adds its finding and changes no other.
  id: 'R13', reads: ['VisitCompleted'], perEvent: true, title: 'Child seen alone on statutory visits, or the reason recorded', source: 'T10: Working Together', parameters: [],
  evaluate: (history, { onlyEvents }) => history.events.filter((event) => statutoryVisit(event) && (!onlyEvents || onlyEvents.has(event.eventId))).map((visit) => judgeAtOnce({
    trigger: visit, agencyId: visit.agencyId, complies: visit.data.childSeenAlone === true || !!visit.data.notSeenAloneReason,
    met: `On the statutory visit of ${visit.day} the child was seen alone, or the reason was recorded.`,
    breached: `On the statutory visit of ${visit.day} the child was not seen alone and no reason was recorded.`,
  })),
};

/** R14: an assessment, a conference or a statutory visit records the child's voice (or why not). */
export const R14: ComplianceRule = {
  id: 'R14', reads: ['AssessmentCompleted', 'ConferenceHeld', 'VisitCompleted', 'ChildVoiceRecorded'], title: 'The child’s voice recorded', source: 'Working Together: the child’s wishes and feelings', parameters: [],
  evaluate: (history) => {
    const voices = history.events.filter((event) => event.type === 'ChildVoiceRecorded');
    const byContext = new Map(voices.filter((voice) => voice.data.contextId).map((voice) => [voice.data.contextId as string, voice]));
    const byDay = new Map(voices.filter((voice) => !voice.data.contextId).map((voice) => [voice.day, voice]));
    return history.events
    .filter((event) => event.type === 'AssessmentCompleted' || event.type === 'ConferenceHeld' || statutoryVisit(event))
    .map((context) => {
      const voice = byContext.get(context.eventId) ?? byDay.get(context.day);
      const reason = context.type === 'VisitCompleted' && context.data.childSeen === false && !!context.data.notSeenAloneReason;
      return judgeAtOnce({
        trigger: context, agencyId: context.agencyId, complies: !!voice || reason, evidence: voice ? [context.eventId, voice.eventId] : [context.eventId],
        met: `The child’s voice was recorded for the ${words(context.type)} of ${context.day}.`,
        breached: `Nothing records the child’s voice for the ${words(context.type)} of ${context.day}.`,
      });
    });
  },
};

function words(type: string): string {
  return { AssessmentCompleted: 'assessment', ConferenceHeld: 'conference', VisitCompleted: 'statutory visit' }[type] ?? type;
}
