import type { RecordedEvent } from '../../ledger/event-store.port';
import { evaluateChild, historyAsKnown, type Finding } from '../evaluate-child';
import type { PolicyProfile, ProfileSchedule } from '../profile/policy-profile';
import type { ComplianceRule } from '../rules/rule';
import { findingRows, historiesFrom, historyRows, readHistories, serialiseFinding, siblingSignalRows, siblingSignals, type EventRows, type Executor } from './compliance-tables';

/** Judging "as at the end of time": everything recorded counts. What the projection stores (ADR 0013). */
export const END_OF_TIME = new Date(8.64e15);

/** What judging some children reads: each one's own events and its siblings' concern signals. */
export interface ChildrenRead {
  children: string[];
  own: Map<string, RecordedEvent[]>;
  siblings: Map<string, RecordedEvent[]>;
}

export async function readChildren(executor: Executor, tables: { events: string; households: string }, children: string[]): Promise<ChildrenRead> {
  const own = await readHistories(executor, tables.events, children);
  const siblings = await siblingSignals(executor, tables, children);
  return { children, own, siblings };
}

/** The same, as stored (text): what a rebuild hands to a judging thread, which parses it there. */
export interface ChildrenRows {
  children: string[];
  own: EventRows;
  siblings: EventRows;
}

export async function readChildRows(executor: Executor, tables: { events: string; households: string }, children: string[]): Promise<ChildrenRows> {
  const own = await historyRows(executor, tables.events, children);
  const siblings = await siblingSignalRows(executor, tables, children);
  return { children, own, siblings };
}

/** A rebuild's judgement of some children: their findings as `insertFindingRows` writes them, and how many. */
export interface JudgedRows { rows: string; findings: number }

/** Every rule over each child's whole history, as a rebuild stores it ("the end of time", no clock): parsing, judging and writing out, all CPU. */
export function judgeChildRows(rows: ChildrenRows, rules: readonly ComplianceRule[], profile: PolicyProfile | ProfileSchedule): JudgedRows {
  const read = { children: rows.children, own: historiesFrom(rows.own), siblings: historiesFrom(rows.siblings) };
  const findings = judgeRead(read, rules, profile, END_OF_TIME, { today: '' }).map(serialiseFinding);
  return { rows: findingRows(findings), findings: findings.length };
}

/**
 * Every rule over each child's whole history (its siblings' concern signals alongside), as known at
 * `asOf`: the findings as they stood then. With `today: ''` no deadline is judged against a clock,
 * which is how the projection stores findings (time is applied when they are read).
 */
export function judgeRead(
  { children, own, siblings }: ChildrenRead, rules: readonly ComplianceRule[], profile: PolicyProfile | ProfileSchedule, asOf: Date, options: { today?: string } = {},
): Finding[] {
  return children.flatMap((childId) => {
    const householdHistory = historyAsKnown('household', siblings.get(childId) ?? [], asOf).events;
    return evaluateChild(historyAsKnown(childId, own.get(childId) ?? [], asOf, householdHistory), rules, profile, asOf, options);
  });
}

/** `readChildren` then `judgeRead`. */
export async function judgeChildren(
  executor: Executor, tables: { events: string; households: string }, children: string[], rules: readonly ComplianceRule[], profile: PolicyProfile | ProfileSchedule, asOf: Date,
  options: { today?: string } = {},
): Promise<Finding[]> {
  return judgeRead(await readChildren(executor, tables, children), rules, profile, asOf, options);
}
