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

/** The first event after `from` in the timeline that matches (or, failing that, one earlier on the same day: same-day order is not always the recording's). */
export function firstAfter(events: readonly HistoryEvent[], from: HistoryEvent, matches: (event: HistoryEvent) => boolean): HistoryEvent | undefined {
  for (let i = from.index + 1; i < events.length; i++) if (matches(events[i])) return events[i];
  for (let i = from.index - 1; i >= 0 && events[i].day === from.day; i--) if (matches(events[i])) return events[i];
  return undefined;
}

/** The latest event before `from` in the timeline that matches. */
export function lastBefore(events: readonly HistoryEvent[], from: HistoryEvent, matches: (event: HistoryEvent) => boolean): HistoryEvent | undefined {
  for (let i = from.index - 1; i >= 0; i--) if (matches(events[i])) return events[i];
  return undefined;
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

/** A test of whether a child protection plan was open on a day (started on or before it, not yet ended), worked out once per history. */
export function childProtectionPlanDays(events: readonly HistoryEvent[]): (day: string) => boolean {
  const spans: Array<{ from: string; to: string | undefined }> = [];
  let open = 0;
  for (const event of events) {
    if (event.type === 'PlanStarted' && event.data.planType === 'child-protection') {
      if (open === 0) spans.push({ from: event.day, to: undefined });
      open += 1;
    }
    if (event.type === 'PlanEnded' && event.data.planType === 'child-protection' && open > 0) {
      open -= 1;
      if (open === 0) spans[spans.length - 1].to = event.day;
    }
  }
  return (day) => spans.some((span) => span.from <= day && (span.to === undefined || day < span.to));
}

/** Stretches of time while at least one plan that `counts` is open: from the plan that opened it to the end of the last. */
export function planPeriods(events: readonly HistoryEvent[], counts: (planType: string) => boolean): Array<{ opened: HistoryEvent; closed: HistoryEvent | undefined }> {
  const periods: Array<{ opened: HistoryEvent; closed: HistoryEvent | undefined }> = [];
  let open = 0;
  for (const event of events) {
    if (event.type === 'PlanStarted' && counts(event.data.planType)) {
      if (open === 0) periods.push({ opened: event, closed: undefined });
      open += 1;
    } else if (event.type === 'PlanEnded' && counts(event.data.planType) && open > 0) {
      open -= 1;
      if (open === 0) periods[periods.length - 1].closed = event;
    }
  }
  return periods;
}

/** The plan an event's `planId` names, or for a PlanEnded without one the latest open plan of its type. */
export function planEnding(events: readonly HistoryEvent[], plan: HistoryEvent): HistoryEvent | undefined {
  return firstAfter(events, plan, (event) => event.type === 'PlanEnded' && (event.data.planId === plan.eventId || (!event.data.planId && event.data.planType === plan.data.planType)));
}
