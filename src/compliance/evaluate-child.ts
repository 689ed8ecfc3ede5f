import { hash } from 'node:crypto';
import { londonDate } from '../common/time/london';
import type { RecordedEvent } from '../ledger/event-store.port';
import { agencyOf, correctedData, occurredInstant } from '../projections/chronology/chronology-fold';
import { guidanceInForce } from './profile/guidance';
import type { PolicyProfile, ProfileSchedule } from './profile/policy-profile';
import type { ChildHistory, ComplianceRule, HistoryEvent, RuleFinding } from './rules/rule';

/** A finding as the API shows it (API.md `GET /v1/compliance/findings`): what the rule found, with its id, child, profile and guidance. */
export type Finding = { id: string; rule: string; childId: string } & Omit<RuleFinding, 'key' | 'judgedOn'> & { profile: string; guidance: string };

/**
 * The events of a child as known at `asOf` (recorded by then; imported history by its original
 * recording time), corrections recorded by then applied to the data, in timeline order: what the
 * rules judge. Lighter than the chronology's fold: no summaries, no correction history.
 */
export function historyAsKnown(childId: string, events: readonly RecordedEvent[], asOf: Date, household: HistoryEvent[] = []): ChildHistory {
  // Each event as the rules see it, made once, with its timeline keys beside it (the live projection
  // judges a child's whole history for every new event: this is most of what that costs).
  const known: TimelineEntry[] = [];
  const byId = new Map<string, HistoryEvent>();
  const until = asOf.getTime();
  for (const event of events) {
    if (event.recordedAt.getTime() > until) continue;
    if (event.type === 'RecordCorrected' || event.type === 'SensitivityChanged') {
      const target = byId.get(String(event.data?.correctedEventId ?? ''));
      if (target && event.type === 'RecordCorrected') target.data = correctedData(target.data, event.data!.fields as Array<{ path: string; value: string }>).data;
      continue;
    }
    const occurred = occurredInstant(event.occurredAt);
    const seen: HistoryEvent = {
      eventId: event.eventId, type: event.type, occurredAt: event.occurredAt, index: 0,
      day: event.occurredAtPrecision === 'date' ? event.occurredAt : londonDate(occurred),
      recordedAt: event.recordedAt, recordedAtKnown: event.recordedAtKnown, agencyId: agencyOf(event), data: event.data ?? {},
    };
    byId.set(event.eventId, seen);
    known.push({ event: seen, occurred: occurred.getTime(), recorded: event.recordedAt.getTime(), position: event.position });
  }
  // Timeline order (occurredAt, then recordedAt, then arrival), as the chronology.
  known.sort((a, b) => a.occurred - b.occurred || a.recorded - b.recorded || a.position - b.position);
  const ordered = known.map((entry, index) => {
    entry.event.index = index;
    return entry.event;
  });
  return { childId, household, events: ordered };
}

interface TimelineEntry { event: HistoryEvent; occurred: number; recorded: number; position: number }

/**
 * Every rule over one child's history, judged at `asOf`: each finding by the profile in force on its
 * triggering event's day (a schedule is usually one or two profiles: each judges, and keeps its own days).
 */
export function evaluateChild(
  history: ChildHistory, rules: readonly ComplianceRule[], profiles: PolicyProfile | ProfileSchedule, asOf: Date,
  options: { today?: string; onlyEvents?: ReadonlySet<string>; rememberIds?: boolean } = {},
): Finding[] {
  const schedule = Array.isArray(profiles) ? profiles as ProfileSchedule : [profiles as PolicyProfile];
  const today = options.today ?? londonDate(asOf);
  const onlyEvents = options.onlyEvents;
  return schedule.flatMap((profile, index) => {
    const until = schedule[index + 1]?.effectiveFrom;
    const inForce = (day: string) => (index === 0 || day >= profile.effectiveFrom) && (until === undefined || day < until);
    return rules.flatMap((rule) => uniqueKeys(rule.evaluate(history, { asOf, today, profile, onlyEvents })).filter((finding) => inForce(finding.judgedOn)).map(({ key, judgedOn, ...finding }) => ({
      id: findingId(rule.id, history.childId, key, options.rememberIds ?? false),
      rule: rule.id,
      childId: history.childId,
      ...finding,
      profile: `${profile.name}@${profile.version}`,
      guidance: guidanceInForce(judgedOn),
    })));
  });
}

/** Two findings of one rule on one trigger (two plans over one visit, say) get distinct keys, deterministically. */
function uniqueKeys(findings: RuleFinding[]): RuleFinding[] {
  const seen = new Map<string, number>();
  return findings.map((finding) => {
    const count = (seen.get(finding.key) ?? 0) + 1;
    seen.set(finding.key, count);
    return count === 1 ? finding : { ...finding, key: `${finding.key}#${count}` };
  });
}

/**
 * Stable across evaluations, so a finding keeps its id as it goes from open to breached or met.
 * `remember`: the live projection judges the same findings again and again as a child's history
 * grows, so it keeps their ids; a rebuild or a query judges each once, and a cache would only be
 * garbage for the collector to walk.
 */
function findingId(rule: string, childId: string, key: string, remember: boolean): string {
  const name = `${rule}/${childId}/${key}`;
  let id = ids.get(name);
  if (id === undefined) {
    const hex = hash('sha256', name, 'hex');
    id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex.slice(16, 17), 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    if (!remember) return id;
    if (ids.size >= 200_000) ids.clear();
    ids.set(name, id);
  }
  return id;
}

/** The live projection's finding ids (a few thousand children's worth). */
const ids = new Map<string, string>();
