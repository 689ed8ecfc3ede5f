import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PolicyProfile, ProfileSchedule } from '../profile/policy-profile';
import { RULES } from '../rules/rule-catalogue';
import type { ComplianceRule } from '../rules/rule';
import type { ChildrenRows, JudgedRows } from './judge-children';

export class JudgingThreadError extends Error {}

/**
 * Worker threads that judge children for a compliance rebuild (ADR 0018), so that judging, the CPU
 * of a rebuild, uses every core while this thread only moves text between PostgreSQL and them. Each
 * thread takes one chunk of children at a time; the others wait in turn.
 */
export class JudgingThreads {
  private readonly idle: Worker[] = [];
  private readonly waiting: Array<{ rows: ChildrenRows; settle: Settle }> = [];
  private readonly running = new Map<Worker, Settle>();
  /** Threads still running; with none left, judging fails at once rather than waiting for ever. */
  private readonly alive = new Set<Worker>();
  private failure: Error | undefined;

  private constructor(script: string, readonly count: number, rules: readonly ComplianceRule[], profile: PolicyProfile | ProfileSchedule) {
    for (let index = 0; index < count; index++) {
      const worker = new Worker(script, { workerData: { ruleIds: rules.map((rule) => rule.id), profile } });
      worker.on('message', (message: { judged?: JudgedRows; error?: string }) => {
        const settle = this.running.get(worker);
        this.running.delete(worker);
        if (message.judged) settle?.resolve(message.judged);
        else settle?.reject(new JudgingThreadError(`A judging thread failed: ${message.error}`));
        this.idle.push(worker);
        this.dispatch();
      });
      // A thread that dies fails the chunk it held; the rebuild fails with it and starts again from 0.
      worker.on('error', (error) => this.fail(worker, error));
      worker.on('exit', (code) => this.fail(worker, new JudgingThreadError(`A judging thread stopped (exit code ${code})`)));
      this.idle.push(worker);
      this.alive.add(worker);
    }
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
    return new JudgingThreads(script, count, rules, profile);
  }

  judge(rows: ChildrenRows): Promise<JudgedRows> {
    return new Promise<JudgedRows>((resolve, reject) => {
      if (this.alive.size === 0) return reject(this.failure ?? new JudgingThreadError('The judging threads were closed'));
      this.waiting.push({ rows, settle: { resolve, reject } });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    const workers = [...this.alive];
    this.alive.clear();
    this.idle.length = 0;
    for (const { settle } of this.waiting.splice(0)) settle.reject(new JudgingThreadError('The judging threads were closed'));
    await Promise.all(workers.map((worker) => { worker.removeAllListeners('exit'); return worker.terminate(); }));
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.waiting.length > 0) {
      const worker = this.idle.pop()!;
      const { rows, settle } = this.waiting.shift()!;
      this.running.set(worker, settle);
      worker.postMessage({ rows });
    }
  }

  private fail(worker: Worker, error: Error): void {
    if (!this.alive.delete(worker)) return; // its 'error' came first, then its 'exit'
    const settle = this.running.get(worker);
    this.running.delete(worker);
    const idle = this.idle.indexOf(worker);
    if (idle >= 0) this.idle.splice(idle, 1);
    const failure = error instanceof JudgingThreadError ? error : new JudgingThreadError(`A judging thread failed: ${error.message}`);
    this.failure = failure;
    settle?.reject(failure);
    if (this.alive.size === 0) {
      for (const { settle: waiting } of this.waiting.splice(0)) waiting.reject(failure);
    }
  }
}

interface Settle { resolve: (judged: JudgedRows) => void; reject: (error: Error) => void }

/** The compiled thread script beside this file, when running compiled (CommonJS); none under the tests' ESM sources. */
function compiledScript(): string | undefined {
  return typeof __dirname === 'string' ? join(__dirname, 'judging-worker.js') : undefined;
}
