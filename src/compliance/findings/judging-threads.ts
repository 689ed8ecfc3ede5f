import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { PolicyProfile, ProfileSchedule } from '../profile/policy-profile';
import { RULES } from '../rules/rule-catalogue';
import type { ComplianceRule } from '../rules/rule';
import type { ChildrenRows, JudgedRows } from './judge-children';
import { WorkerPool } from '../../common/worker-pool';

export class JudgingThreadError extends Error {}

/**
 * Worker threads that judge children for a compliance rebuild (ADR 0018), so that judging, the CPU
 * of a rebuild, uses every core while this thread only moves text between PostgreSQL and them. Each
 * thread takes one chunk of children at a time; the others wait in turn.
 */
export class JudgingThreads {
  private constructor(private readonly pool: WorkerPool<ChildrenRows, JudgedRows>) {}

  get count(): number {
    return this.pool.count;
  }

  /**
   * `count` threads, or none (`undefined`: judge in this thread) when there is one core, when the
   * rules are not all the catalogue's (a thread can only load the catalogue's), or when running from
   * the TypeScript sources (tests), where there is no compiled thread script. `script` is for tests.
   */
  static open(rules: readonly ComplianceRule[], profile: PolicyProfile | ProfileSchedule, options: { count?: number; script?: string } = {}): JudgingThreads | undefined {
    const count = options.count ?? Math.min(availableParallelism(), 4);
    const script = options.script ?? compiledScript();
    if (count < 2 && options.count === undefined) return undefined;
    if (count < 1 || !script || !existsSync(script)) return undefined;
    if (!rules.every((rule) => RULES.includes(rule))) return undefined;
    return new JudgingThreads(new WorkerPool(script, count, { ruleIds: rules.map((rule) => rule.id), profile }, { thread: 'judging thread', error: JudgingThreadError }));
  }

  judge(rows: ChildrenRows): Promise<JudgedRows> {
    return this.pool.run(rows);
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/** The compiled thread script beside this file, when running compiled (CommonJS); none under the tests' ESM sources. */
function compiledScript(): string | undefined {
  return typeof __dirname === 'string' ? join(__dirname, 'judging-worker.js') : undefined;
}
