import { randomUUID } from 'node:crypto';
import { londonMidnight } from '../../src/common/time/london';
import type { RecordedEvent } from '../../src/ledger/event-store.port';
import { evaluateChild, historyAsKnown, type Finding } from '../../src/compliance/evaluate-child';
import { DEFAULT_PROFILE, type PolicyProfile } from '../../src/compliance/profile/policy-profile';
import type { ComplianceRule } from '../../src/compliance/rules/rule';

/**
 * Given/when/then for rules: `given()` collects events (recorded the same afternoon unless told),
 * `judgedOn(day)` evaluates the rules as at the end of that day. For the rule specs only.
 */
export function given() {
  const events: RecordedEvent[] = [];
  const builder = {
    events,
    add(type: string, day: string, data: Record<string, unknown> = {}, options: { agency?: string; recordedAt?: string; occurredAt?: string } = {}): RecordedEvent {
      const event: RecordedEvent = {
        streamId: 'child-c', revision: events.length, position: events.length + 1, checkpoint: String(events.length + 1), eventId: randomUUID(), type, schemaVersion: 1,
        occurredAt: options.occurredAt ?? day, occurredAtPrecision: options.occurredAt ? 'date-time' : 'date',
        recordedAt: new Date(options.recordedAt ?? `${day}T16:00:00Z`), importedAt: null, recordedAtKnown: true,
        metadata: { agencyId: options.agency ?? 'csc' }, data, dataDigest: '', hash: '',
      };
      events.push(event);
      return event;
    },
    judgedOn(day: string, rules: readonly ComplianceRule[], profile: PolicyProfile | readonly PolicyProfile[] = DEFAULT_PROFILE, household: RecordedEvent[] = []): Finding[] {
      const asOf = new Date(londonMidnight(day).getTime() + 86_399_000);
      const siblings = historyAsKnown('sibling', household, asOf).events;
      return evaluateChild(historyAsKnown('c', events, asOf, siblings), rules, profile, asOf);
    },
  };
  return builder;
}

export const statuses = (findings: Finding[]) => findings.map((finding) => finding.status);
