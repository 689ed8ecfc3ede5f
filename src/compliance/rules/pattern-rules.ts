import { addMonths } from '../calendar/working-days';
import { childProtectionPlanDays, judgeAtOnce, judgeDeadline, lastBefore, ofType, planEnding } from './deadlines';
import type { ComplianceRule, HistoryEvent, RuleFinding } from './rule';

/** R19 ("start again"): two referrals within 12 months, or a re-referral within 6 months of a closure. */
export const R19: ComplianceRule = {
  id: 'R19', reads: ['ReferralMade', 'CaseClosed'], title: 'Repeat referrals ("start again")', source: 'Serious case review learning; children-in-need census re-referrals', parameters: ['repeatReferralMonths', 'reReferralAfterClosureMonths'],
  evaluate: (history, { profile }) => ofType(history.events, 'ReferralMade').map((referral) => {
    const previous = lastBefore(history.events, referral, (event) => event.type === 'ReferralMade' && addMonths(event.day, profile.repeatReferralMonths) >= referral.day);
    const closure = lastBefore(history.events, referral, (event) => event.type === 'CaseClosed' && addMonths(event.day, profile.reReferralAfterClosureMonths) >= referral.day);
    const earlier = [previous, closure].filter((event): event is HistoryEvent => !!event);
    return judgeAtOnce({
      trigger: referral, agencyId: String(referral.data.toAgency ?? referral.agencyId), complies: earlier.length === 0, evidence: [...earlier.map((event) => event.eventId), referral.eventId],
      met: `The referral of ${referral.day} is the first in ${profile.repeatReferralMonths} months.`,
      breached: `The referral of ${referral.day} came ${previous ? `within ${profile.repeatReferralMonths} months of the referral of ${previous.day}` : ''}${previous && closure ? ' and ' : ''}${closure ? `within ${profile.reReferralAfterClosureMonths} months of the case closed on ${closure.day}` : ''}: look at the whole history, not this referral alone.`,
    });
  }),
};

const childProtectionPlans = (events: readonly HistoryEvent[]) => events.filter((event) => event.type === 'PlanStarted' && event.data.planType === 'child-protection');

/** R20: a second (or later) child protection plan. */
export const R20: ComplianceRule = {
  id: 'R20', reads: ['PlanStarted'], title: 'A child protection plan for a child who had one before', source: 'Children-in-need census; serious case review learning', parameters: [],
  evaluate: (history) => childProtectionPlans(history.events).map((plan, index, plans) => judgeAtOnce({
    trigger: plan, agencyId: plan.agencyId, complies: index === 0, evidence: plans.slice(0, index + 1).map((event) => event.eventId),
    met: `The child protection plan of ${plan.day} is the child's first.`,
    breached: `The child protection plan of ${plan.day} is plan number ${index + 1} for this child: ask why the earlier ones did not hold.`,
  })),
};

/** R21: a child protection plan open longer than 15 months (warning; 24 months is an alert). */
export const R21: ComplianceRule = {
  id: 'R21', reads: ['PlanStarted', 'PlanEnded'], title: 'Child protection plan open too long', source: 'Drift: serious case review learning', parameters: ['childProtectionPlanWarnMonths', 'childProtectionPlanAlertMonths'],
  evaluate: (history, judgement) => childProtectionPlans(history.events).map((plan) => {
    const alertOn = addMonths(plan.day, judgement.profile.childProtectionPlanAlertMonths);
    const finding = judgeDeadline({
      trigger: plan, dueOn: addMonths(plan.day, judgement.profile.childProtectionPlanWarnMonths), agencyId: plan.agencyId, judgement,
      done: planEnding(history.events, plan), what: `Ending (or stepping down) the child protection plan of ${plan.day}`,
    });
    return finding.status === 'breached' && !finding.metAt && judgement.today > alertOn
      ? { ...finding, explanation: `${finding.explanation} It has been open more than ${judgement.profile.childProtectionPlanAlertMonths} months.` }
      : finding;
  }),
};

const SIGNALS = ['ConcernRaised', 'AppointmentMissed', 'VisitNoAccess'];

/** R22: cumulative concerns about the child or a sibling, from several agencies, with no referral or neglect tool. */
export const R22: ComplianceRule = {
  id: 'R22', reads: ['ConcernRaised', 'AppointmentMissed', 'VisitNoAccess', 'ReferralMade', 'NeglectToolCompleted'], title: 'Cumulative concerns with no referral', source: 'Neglect: cumulative harm (serious case review learning)', parameters: ['cumulativeConcerns'],
  evaluate: (history, { profile }) => {
    const { signals, agencies, months } = profile.cumulativeConcerns;
    const all = [...history.events, ...history.household].filter((event) => SIGNALS.includes(event.type)).sort((a, b) => a.day.localeCompare(b.day));
    const answers = history.events.filter((event) => event.type === 'ReferralMade' || event.type === 'NeglectToolCompleted');
    const findings: RuleFinding[] = [];
    let answeredAfter = '';
    let start = 0; // the oldest signal still in the six months before the one looked at (a sliding window)
    for (const [index, signal] of all.entries()) {
      const windowStart = addMonths(signal.day, -months);
      while (start < index && (all[start].day < windowStart || all[start].day <= answeredAfter)) start += 1;
      const inWindow = all.slice(start, index + 1);
      if (inWindow.length < signals) continue;
      const agencyCount = new Set(inWindow.map((event) => event.agencyId)).size;
      if (agencyCount < agencies) continue;
      if (answers.some((answer) => answer.day >= windowStart && answer.day <= signal.day)) continue;
      findings.push({
        key: signal.eventId, agencyId: signal.agencyId, status: 'breached', dueAt: signal.day, breachedAt: signal.day, judgedOn: signal.day,
        evidence: inWindow.map((event) => event.eventId),
        explanation: `${inWindow.length} concerns, missed appointments or no-access visits from ${agencyCount} agencies in the ${months} months to ${signal.day}, about the child or a sibling, with no referral or neglect assessment.`,
      });
      answeredAfter = signal.day; // one finding per build-up; the next counts from here
    }
    return findings;
  },
};

/** R23: a child not brought to appointments twice in 6 months, or at all while on a child protection plan. */
export const R23: ComplianceRule = {
  id: 'R23', reads: ['AppointmentMissed', 'PlanStarted', 'PlanEnded'], title: 'Was not brought', source: 'Was-not-brought guidance; serious case review learning', parameters: ['wasNotBrought'],
  evaluate: (history, { profile }) => {
    const missed = history.events.filter((event) => event.type === 'AppointmentMissed' && event.data.wasNotBrought === true);
    const onPlanOn = childProtectionPlanDays(history.events);
    let start = 0;
    return missed.flatMap((appointment, index) => {
      const since = addMonths(appointment.day, -profile.wasNotBrought.months);
      while (missed[start].day < since) start += 1;
      const recent = missed.slice(start, index + 1);
      const onPlan = onPlanOn(appointment.day);
      if (recent.length < profile.wasNotBrought.count && !onPlan) return [];
      return [{
        key: appointment.eventId, agencyId: appointment.agencyId, status: 'breached' as const, dueAt: appointment.day, breachedAt: appointment.day, judgedOn: appointment.day,
        evidence: recent.map((event) => event.eventId),
        explanation: onPlan
          ? `The child was not brought to a ${appointment.data.appointmentKind} appointment on ${appointment.day} while on a child protection plan.`
          : `The child was not brought to ${recent.length} appointments in the ${profile.wasNotBrought.months} months to ${appointment.day}.`,
      }];
    });
  },
};
