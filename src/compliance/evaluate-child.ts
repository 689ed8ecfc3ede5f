import { createHash } from 'node:crypto';
import { londonDate } from '../common/time/london';
import type { RecordedEvent } from '../ledger/event-store.port';
import { compareEntries, foldChronology } from '../projections/chronology/chronology-fold';
import { guidanceInForce } from './profile/guidance';
import type { PolicyProfile } from './profile/policy-profile';
import type { ChildHistory, ComplianceRule, FindingStatus, HistoryEvent, RuleFinding } from './rules/rule';

/** A finding as the API shows it (API.md `GET /v1/compliance/findings`). */
export interface Finding {
  id: string;
  rule: string;
  childId: string;
  agencyId: string;
  status: FindingStatus;
  dueAt: string;
  breachedAt?: string;
  metAt?: string;
  evidence: string[];
  explanation: string;
  profile: string;
  guidance: string;
}

/**
 * The events of a child as known at `asOf` (recorded before it; imported history by its original
 * recording time), corrections recorded by then applied, in timeline order: what the rules judge.
 */
export function historyAsKnown(childId: string, events: readonly RecordedEvent[], asOf: Date, household: HistoryEvent[] = []): ChildHistory {
  const known = events.filter((event) => event.recordedAt.getTime() <= asOf.getTime());
  const rows = [...foldChronology(known).values()].sort(compareEntries);
  return {
    childId,
    household,
    events: rows.map(({ entry, data, occurredSort }) => ({
      eventId: entry.eventId, type: entry.type, occurredAt: entry.occurredAt, day: entry.occurredAtPrecision === 'date' ? entry.occurredAt : londonDate(occurredSort),
      recordedAt: new Date(entry.recordedAt), recordedAtKnown: entry.recordedAtKnown, agencyId: entry.agencyId, data: data ?? {},
    })),
  };
}

/** Every rule over one child's history, judged at `asOf`. */
export function evaluateChild(history: ChildHistory, rules: readonly ComplianceRule[], profile: PolicyProfile, asOf: Date): Finding[] {
  const judgement = { asOf, today: londonDate(asOf), profile };
  return rules.flatMap((rule) => uniqueKeys(rule.evaluate(history, judgement)).map(({ key, judgedOn, ...finding }) => ({
    id: findingId(rule.id, history.childId, key),
    rule: rule.id,
    childId: history.childId,
    ...finding,
    profile: `${profile.name}@${profile.version}`,
    guidance: guidanceInForce(judgedOn),
  })));
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

/** Stable across evaluations, so a finding keeps its id as it goes from open to breached or met. */
function findingId(rule: string, childId: string, key: string): string {
  const hex = createHash('sha256').update(`${rule}/${childId}/${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex.slice(16, 17), 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
