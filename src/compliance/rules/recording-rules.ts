import { londonMidnight } from '../../common/time/london';
import { addCalendarDays, addWorkingDays, recordingLagWorkingDays } from '../calendar/working-days';
import { judgeAtOnce } from './deadlines';
import type { ComplianceRule, HistoryEvent } from './rule';

const CRITICAL = (event: HistoryEvent) => ['AllegationMade', 'StrategyDiscussionHeld', 'ConferenceHeld'].includes(event.type)
  || (event.type === 'ReferralDecisionMade' && event.data.decision === 'immediate-protection');
const SIGNIFICANT = (event: HistoryEvent) => ['ReferralMade', 'ReferralDecisionMade', 'ConsentGiven', 'ConsentRefused', 'ConsentWithdrawn', 'PlanStarted', 'PlanChanged', 'PlanEnded'].includes(event.type)
  || (event.type === 'VisitCompleted' && event.data.statutory === true);
/** Events the service or an administrator writes, and folded ones, are not practice to be judged. */
const NOT_JUDGED = new Set(['ChildRegistered', 'DuplicateRecordsLinked', 'RecordCorrected', 'SensitivityChanged', 'HistoricalNoteImported', 'ChronologyUpdated']);

/** R15 (RS, local): each event is recorded within its class's limit: critical 24 hours, significant 2 working days, others 5. */
export const R15: ComplianceRule = {
  id: 'R15', reads: '*', perEvent: true, title: 'Recorded within the recording-lag limit', source: 'RS: local recording standards', parameters: ['recordingLag'],
  evaluate: (history, { profile, onlyEvents }) => history.events.filter((event) => event.recordedAtKnown && !NOT_JUDGED.has(event.type) && (!onlyEvents || onlyEvents.has(event.eventId))).map((event) => {
    const { criticalHours, significantWorkingDays, otherWorkingDays } = profile.recordingLag;
    let complies: boolean;
    let limit: string;
    let dueOn: string;
    if (CRITICAL(event)) {
      // A date without a time counts from the end of that day: the most generous reading.
      const from = event.occurredAt.length === 10 ? londonMidnight(addCalendarDays(event.day, 1)).getTime() : Date.parse(event.occurredAt);
      complies = event.recordedAt.getTime() - from <= criticalHours * 3_600_000;
      limit = `${criticalHours} hours`;
      dueOn = event.day;
    } else {
      const days = SIGNIFICANT(event) ? significantWorkingDays : otherWorkingDays;
      complies = recordingLagWorkingDays(event.occurredAt, event.recordedAt) <= days;
      limit = `${days} working days`;
      dueOn = addWorkingDays(event.day, days);
    }
    const finding = judgeAtOnce({
      trigger: event, agencyId: event.agencyId, complies,
      met: `The ${event.type} of ${event.day} was recorded within ${limit}.`,
      breached: `The ${event.type} of ${event.day} was recorded on ${event.recordedAt.toISOString().slice(0, 10)}, later than ${limit}.`,
    });
    return { ...finding, dueAt: dueOn };
  }),
};

/** R27: a child's chronology is brought up to date in the 20 working days before a conference. */
export const R27: ComplianceRule = {
  id: 'R27', reads: ['ConferenceHeld', 'ChronologyUpdated'], title: 'Chronology updated before a conference', source: 'Working Together: chronologies inform conferences', parameters: ['chronologyBeforeConferenceWorkingDays'],
  evaluate: (history, { profile }) => history.events.filter((event) => event.type === 'ConferenceHeld').map((conference) => {
    const from = addWorkingDays(conference.day, -profile.chronologyBeforeConferenceWorkingDays);
    const updated = history.events.find((event) => event.type === 'ChronologyUpdated' && event.day >= from && event.day <= conference.day);
    return judgeAtOnce({
      trigger: conference, agencyId: conference.agencyId, complies: !!updated, evidence: updated ? [conference.eventId, updated.eventId] : [conference.eventId],
      met: `The chronology was updated on ${updated?.day}, before the conference of ${conference.day}.`,
      breached: `The conference of ${conference.day} had no chronology update in the ${profile.chronologyBeforeConferenceWorkingDays} working days before it.`,
    });
  }),
};
