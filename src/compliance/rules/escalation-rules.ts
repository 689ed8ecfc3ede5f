import { addWorkingDays } from '../calendar/working-days';
import { firstAfter, judgeAtOnce, judgeDeadline, ofType } from './deadlines';
import type { ComplianceRule } from './rule';

/** R16 (local): a disagreement is escalated or resolved within 5 working days. */
export const R16: ComplianceRule = {
  id: 'R16', reads: ['DisagreementRaised', 'EscalationRaised'], title: 'Disagreement escalated or resolved within 5 working days', source: 'Resolving professional differences: local protocol', parameters: ['disagreementEscalationWorkingDays'],
  evaluate: (history, judgement) => ofType(history.events, 'DisagreementRaised').map((disagreement) => judgeDeadline({
    trigger: disagreement, dueOn: addWorkingDays(disagreement.day, judgement.profile.disagreementEscalationWorkingDays), agencyId: disagreement.agencyId, judgement,
    done: firstAfter(history.events, disagreement, (event) => event.type === 'EscalationRaised' && event.data.disagreementId === disagreement.eventId),
    what: `Escalating the disagreement of ${disagreement.day}`,
  })),
};

/** R17 (T20, local): each step of an escalation moves on (or resolves) within the protocol's time for that step. */
export const R17: ComplianceRule = {
  id: 'R17', reads: ['EscalationRaised', 'EscalationStepAdvanced', 'EscalationResolved'], title: 'Escalation steps within the protocol’s times', source: 'T20: local resolving-professional-differences protocol', parameters: ['escalationStepWorkingDays'],
  evaluate: (history, judgement) => ofType(history.events, 'EscalationRaised', 'EscalationStepAdvanced').map((step) => {
    const escalationId = step.type === 'EscalationRaised' ? step.eventId : step.data.escalationId;
    const days = judgement.profile.escalationStepWorkingDays;
    const allowed = days[Math.min(Number(step.data.step) - 1, days.length - 1)] ?? days[days.length - 1];
    return judgeDeadline({
      trigger: step, dueOn: addWorkingDays(step.day, allowed), agencyId: step.agencyId, judgement,
      done: firstAfter(history.events, step, (event) => (event.type === 'EscalationStepAdvanced' || event.type === 'EscalationResolved') && event.data.escalationId === escalationId),
      what: `Step ${step.data.step} of the escalation of ${step.day} moving on or resolving`,
    });
  }),
};

/** R18: a child protection plan ends with health's input, and not over an agency's dissent. */
export const R18: ComplianceRule = {
  id: 'R18', reads: ['ConferenceHeld', 'ProfessionalDissentRecorded'], title: 'Plan ended with health input and no dissent', source: 'Working Together; serious case review learning', parameters: ['dissentHours'],
  evaluate: (history, { profile }) => history.events.filter((event) => event.type === 'ConferenceHeld' && event.data.decision === 'plan-ends').map((conference) => {
    const health = [...(conference.data.attending ?? []), ...(conference.data.reportsReceived ?? [])].some((participant: { agencyKind: string }) => participant.agencyKind === 'health');
    const dissent = history.events.find((event) => event.type === 'ProfessionalDissentRecorded' && event.data.conferenceId === conference.eventId
      && event.recordedAt.getTime() - Date.parse(`${conference.day}T00:00:00Z`) <= (profile.dissentHours + 24) * 3_600_000);
    const reasons = [health ? '' : 'health neither attended nor sent a report', dissent ? `${dissent.data.agency} dissented` : ''].filter(Boolean);
    return judgeAtOnce({
      trigger: conference, agencyId: conference.agencyId, complies: reasons.length === 0, evidence: dissent ? [conference.eventId, dissent.eventId] : [conference.eventId],
      met: `The child protection plan was ended at the conference of ${conference.day} with health's input and no dissent.`,
      breached: `The child protection plan was ended at the conference of ${conference.day} although ${reasons.join(' and ')}.`,
    });
  }),
};
