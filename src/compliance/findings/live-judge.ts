import type { RecordedEvent } from '../../ledger/event-store.port';
import { evaluateChild, historyAsKnown } from '../evaluate-child';
import type { PolicyProfile, ProfileSchedule } from '../profile/policy-profile';
import type { ComplianceRule } from '../rules/rule';
import { ChildHistories, type ChildInBatch } from './child-histories';
import { childOf, serialiseFinding, SIBLING_SIGNALS, type EventRows, type SerialisedFinding } from './compliance-tables';
import { END_OF_TIME } from './judge-children';

/** What a batch changed for one child: its new events, its siblings' concern signals, and whether it lives near a new one. */
export interface ChildChanges {
  childId: string;
  fresh: RecordedEvent[];
  household: RecordedEvent[];
  nearSignal: boolean;
}

/** One batch to judge: the children it affects. */
export interface JudgingRequest {
  /** The projection's events table (live, or a rebuild's `_next`): histories are held per table. */
  table: string;
  children: ChildChanges[];
}

/** The same, with the stored histories of the children `missing` named. */
export interface JudgingStep extends JudgingRequest {
  rows: EventRows;
}

/** Reads the stored histories of these children (`readMissingHistories`, on whichever connection may). */
export type ReadMissing = (children: string[]) => Promise<EventRows>;

/** Between children: in the service's thread it lets other work in; in the judging thread it waits while the reviewers' read models step (ADR 0026). */
export interface BetweenChildren { everyChildren: number; pause: () => void | Promise<void> }

/** A child judged again: its findings for the rules judged, written out, and which rules' stored findings they replace. */
export interface JudgedChild {
  childId: string;
  findings: SerialisedFinding[];
  /** Rules whose stored findings for the child are replaced by these (the others only gain new ones). */
  diffed: string[];
}

/** Events after which every rule is judged again: a correction can change any event's data. */
const RE_JUDGE_ALL = new Set(['RecordCorrected', 'SensitivityChanged', 'ChildRegistered', 'HouseholdChanged', 'DuplicateRecordsLinked']);

/**
 * The CPU of the live compliance projection: it holds the children's histories between batches, adds
 * each batch's events and judges the children again, all without the database (the projection reads
 * and writes). It runs in the live judging thread, or in the projection's own thread where there is
 * none (live-judging.ts).
 */
export class LiveJudge {
  private readonly histories = new ChildHistories();

  constructor(private readonly rules: readonly ComplianceRule[], private readonly profile: PolicyProfile | ProfileSchedule) {}

  /** The children whose stored history must be read and handed to `judge` (see `ChildHistories.missing`). */
  missing(table: string, children: readonly ChildInBatch[]): string[] {
    return this.histories.missing(table, children);
  }

  /** Reads what `missing` names with `read`, then judges. */
  async readAndJudge(request: JudgingRequest, read: ReadMissing, between?: BetweenChildren): Promise<JudgedChild[]> {
    const rows = await read(this.missing(request.table, childrenInBatch(request.children)));
    return this.judge({ ...request, rows }, between);
  }

  /** `between.pause` runs after every `everyChildren` children. */
  async judge(step: JudgingStep, between?: BetweenChildren): Promise<JudgedChild[]> {
    const own = this.histories.take(step.table, step.children.map((child) => child.childId), step.rows);
    this.histories.merge(own, step.children.flatMap((child) => child.fresh), childOf);
    const judged: JudgedChild[] = [];
    for (const [index, child] of step.children.entries()) {
      judged.push(this.judgeChanges(child, own.get(child.childId) ?? []));
      if (between && index % between.everyChildren === between.everyChildren - 1) await between.pause();
    }
    return judged;
  }

  /** After a failed batch: the histories of these children are read again next time. */
  forget(table: string, children: readonly string[]): void {
    this.histories.forget(table, children);
  }

  /**
   * Re-judges only what the new events can change: the rules that read their types (all of them after
   * a correction or a change of household), the new events alone for per-event rules, R22 alone for a
   * sibling's new concern. Stored findings never depend on the clock (ADR 0013): unmet deadlines stay
   * `open`, and reading turns them `breached` once due, so judging again later gives the same answer.
   */
  private judgeChanges({ childId, fresh, household, nearSignal }: ChildChanges, events: RecordedEvent[]): JudgedChild {
    const everything = fresh.some((event) => RE_JUDGE_ALL.has(event.type)) || fresh.some((event) => event.revision === 0);
    const types = new Set(fresh.map((event) => event.type));
    const rules = everything ? this.rules : this.rules.filter((rule) => rule.reads === '*'
      ? fresh.length > 0
      : rule.reads.some((type) => types.has(type) || (nearSignal && SIBLING_SIGNALS.includes(type))));
    const onlyEvents = everything ? undefined : new Set(fresh.map((event) => event.eventId));
    const householdHistory = historyAsKnown('household', household, END_OF_TIME).events;
    const findings = evaluateChild(historyAsKnown(childId, events, END_OF_TIME, householdHistory), rules, this.profile, END_OF_TIME, { today: '', onlyEvents, rememberIds: true });
    return { childId, findings: findings.map(serialiseFinding), diffed: rules.filter((rule) => everything || !rule.perEvent).map((rule) => rule.id) };
  }
}

/** Each child of a batch with the revision of its first new event, for `missing`. */
export function childrenInBatch(children: readonly ChildChanges[]): ChildInBatch[] {
  return children.map(({ childId, fresh: [first] }) => ({ childId, nextRevision: first?.revision }));
}
