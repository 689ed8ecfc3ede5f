import { addCalendarDays } from '../calendar/working-days';
import type { HistoryEvent, Judgement, RuleFinding } from './rule';

/**
 * The common shape of a timescale rule: something (`trigger`) must be followed by something else
 * by the end of `dueOn`. Met when it happened by then; breached once `dueOn` has passed without it
 * (or it came late); open while there is still time.
 */
export function judgeDeadline(args: {
  trigger: HistoryEvent;
  dueOn: string;
  agencyId: string;
  done: HistoryEvent | undefined;
  judgement: Judgement;
  what: string;
}): RuleFinding {
  const { trigger, dueOn, done, judgement, what } = args;
  const base = { key: trigger.eventId, agencyId: args.agencyId, dueAt: dueOn, judgedOn: trigger.day };
  if (done && done.day <= dueOn) {
    return { ...base, status: 'met', metAt: done.day, evidence: [trigger.eventId, done.eventId], explanation: `${what} was due by ${dueOn} and was done on ${done.day}.` };
  }
  if (done) {
    return { ...base, status: 'breached', breachedAt: addCalendarDays(dueOn, 1), metAt: done.day, evidence: [trigger.eventId, done.eventId], explanation: `${what} was due by ${dueOn} but was done late, on ${done.day}.` };
  }
  if (judgement.today > dueOn) {
    return { ...base, status: 'breached', breachedAt: addCalendarDays(dueOn, 1), evidence: [trigger.eventId], explanation: `${what} was due by ${dueOn} and nothing is recorded.` };
  }
  return { ...base, status: 'open', evidence: [trigger.eventId], explanation: `${what} is due by ${dueOn}; nothing is recorded yet.` };
}

/** The first event after `from` (by timeline) that matches. */
export function firstAfter(events: readonly HistoryEvent[], from: HistoryEvent, matches: (event: HistoryEvent) => boolean): HistoryEvent | undefined {
  const start = events.indexOf(from);
  return events.slice(start + 1).find(matches) ?? events.slice(0, start).find((event) => event.day === from.day && matches(event));
}

/** A rule with no timescale: the event itself complies or it does not (judged on its own day). */
export function judgeAtOnce(args: { trigger: HistoryEvent; agencyId: string; complies: boolean; evidence?: string[]; met: string; breached: string; key?: string }): RuleFinding {
  const { trigger, complies } = args;
  return {
    key: args.key ?? trigger.eventId, agencyId: args.agencyId, dueAt: trigger.day, judgedOn: trigger.day, evidence: args.evidence ?? [trigger.eventId],
    ...(complies ? { status: 'met' as const, metAt: trigger.day, explanation: args.met } : { status: 'breached' as const, breachedAt: trigger.day, explanation: args.breached }),
  };
}

/** The events of one type, in timeline order. */
export function ofType(events: readonly HistoryEvent[], ...types: string[]): HistoryEvent[] {
  return events.filter((event) => types.includes(event.type));
}

/** Whether a child protection plan is open on `day` (started on or before it and not yet ended). */
export function childProtectionPlanOpenOn(events: readonly HistoryEvent[], day: string): boolean {
  let open = 0;
  for (const event of events) {
    if (event.day > day) break;
    if (event.type === 'PlanStarted' && event.data.planType === 'child-protection') open += 1;
    if (event.type === 'PlanEnded' && event.data.planType === 'child-protection') open = Math.max(0, open - 1);
  }
  return open > 0;
}

/** The plan an event's `planId` names, or for a PlanEnded without one the latest open plan of its type. */
export function planEnding(events: readonly HistoryEvent[], plan: HistoryEvent): HistoryEvent | undefined {
  return firstAfter(events, plan, (event) => event.type === 'PlanEnded' && (event.data.planId === plan.eventId || (!event.data.planId && event.data.planType === plan.data.planType)));
}
