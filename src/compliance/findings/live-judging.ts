import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { WorkerPool } from '../../common/worker-pool';
import type { PolicyProfile, ProfileSchedule } from '../profile/policy-profile';
import { RULES } from '../rules/rule-catalogue';
import type { ComplianceRule } from '../rules/rule';
import type { ChildInBatch } from './child-histories';
import { LiveJudge, type JudgedChild, type JudgingStep } from './live-judge';

export class LiveJudgingThreadError extends Error {}

/** What the projection asks of its judge (`LiveJudge`), wherever it runs. */
export interface LiveJudging {
  readonly where: 'a thread of its own' | 'the projection\'s thread';
  missing(table: string, children: readonly ChildInBatch[]): Promise<string[]>;
  judge(step: JudgingStep): Promise<JudgedChild[]>;
  forget(table: string, children: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/** The messages the live judging thread takes (live-judging-worker.ts). */
export type LiveJudgingRequest =
  | { kind: 'missing'; table: string; children: readonly ChildInBatch[] }
  | { kind: 'judge'; step: JudgingStep }
  | { kind: 'forget'; table: string; children: readonly string[] };

export interface LiveJudgingOptions {
  /** The compiled thread script (tests name it); `false`: judge in this thread. */
  script?: string | false;
}

/**
 * The live compliance judging, in a thread of its own where it can be (ADR 0025): judging a batch is
 * hundreds of milliseconds of CPU, and in the service's own thread it held up every request and the
 * other projections' steps, each `await` of theirs waiting behind a stretch of it. There it runs in
 * this thread, letting other work in between every ten children: on one core, when the rules are
 * not all the catalogue's (a thread can only load the catalogue's), and when running from the
 * TypeScript sources (tests), where there is no compiled script.
 */
export function openLiveJudging(rules: readonly ComplianceRule[], profile: PolicyProfile | ProfileSchedule, options: LiveJudgingOptions = {}): LiveJudging {
  const script = options.script === undefined ? compiledScript() : options.script;
  const threaded = script && existsSync(script) && availableParallelism() >= 2 && rules.every((rule) => RULES.includes(rule));
  return threaded ? new JudgingThread(script, rules, profile) : new JudgingHere(new LiveJudge(rules, profile));
}

class JudgingHere implements LiveJudging {
  readonly where = 'the projection\'s thread';
  constructor(private readonly liveJudge: LiveJudge) {}

  async missing(table: string, children: readonly ChildInBatch[]): Promise<string[]> {
    return this.liveJudge.missing(table, children);
  }

  judge(step: JudgingStep): Promise<JudgedChild[]> {
    return this.liveJudge.judge(step, () => new Promise((resolve) => setImmediate(resolve)));
  }

  async forget(table: string, children: readonly string[]): Promise<void> {
    this.liveJudge.forget(table, children);
  }

  async close(): Promise<void> {}
}

/**
 * One thread, started at the first batch. If it dies, the next request starts another: it holds no
 * history then, so every child's is read again, as after a service start.
 */
class JudgingThread implements LiveJudging {
  readonly where = 'a thread of its own';
  private pool: WorkerPool<LiveJudgingRequest, unknown> | undefined;

  constructor(private readonly script: string, private readonly rules: readonly ComplianceRule[], private readonly profile: PolicyProfile | ProfileSchedule) {}

  async missing(table: string, children: readonly ChildInBatch[]): Promise<string[]> {
    return (await this.ask({ kind: 'missing', table, children })) as string[];
  }

  async judge(step: JudgingStep): Promise<JudgedChild[]> {
    return (await this.ask({ kind: 'judge', step })) as JudgedChild[];
  }

  async forget(table: string, children: readonly string[]): Promise<void> {
    await this.ask({ kind: 'forget', table, children });
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.close();
  }

  private ask(request: LiveJudgingRequest): Promise<unknown> {
    if (!this.pool || this.pool.dead) {
      // An idle thread does not keep the process alive (a CLI that ran a step ends when it is done).
      this.pool = new WorkerPool(this.script, 1, { ruleIds: this.rules.map((rule) => rule.id), profile: this.profile }, { thread: 'live judging thread', error: LiveJudgingThreadError }, { refOnlyWhenBusy: true });
    }
    return this.pool.run(request);
  }
}

/** The compiled thread script beside this file, when running compiled (CommonJS); none under the tests' ESM sources. */
function compiledScript(): string | undefined {
  return typeof __dirname === 'string' ? join(__dirname, 'live-judging-worker.js') : undefined;
}
