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
