import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { ClientConfig } from 'pg';
import { WorkerPool } from '../../common/worker-pool';
import type { ProjectionServer } from '../../projections/runner/projection';
import type { PolicyProfile, ProfileSchedule } from '../profile/policy-profile';
import { RULES } from '../rules/rule-catalogue';
import type { ComplianceRule } from '../rules/rule';
import type { ChildInBatch } from './child-histories';
import type { EventRows } from './compliance-tables';
import { childrenInBatch, LiveJudge, type JudgedChild, type JudgingRequest, type ReadMissing } from './live-judge';

export class LiveJudgingThreadError extends Error {}

/** What the projection asks of its judge (`LiveJudge`), wherever it runs. */
export interface LiveJudging {
  readonly where: 'a thread of its own' | 'the projection\'s thread';
  /** Judges the batch; `readMissing` reads the histories the judge lacks, unless a thread reads them itself (`onServer`). */
  judge(request: JudgingRequest, readMissing: ReadMissing): Promise<JudgedChild[]>;
  forget(table: string, children: readonly string[]): Promise<void>;
  /**
   * On a database server, a thread reads the histories it lacks on a connection of its own and waits
   * between children while a foreground step runs (ADR 0026); here, nothing changes (the other
   * projections' steps already run between every ten children).
   */
  onServer(server: ProjectionServer): void;
  close(): Promise<void>;
}

/** The messages the live judging thread takes (live-judging-worker.ts). */
export type LiveJudgingRequest =
  | { kind: 'missing'; table: string; children: readonly ChildInBatch[] }
  /** Without `rows`, the thread reads the histories it lacks itself. */
  | { kind: 'judge'; request: JudgingRequest; rows?: EventRows }
  | { kind: 'forget'; table: string; children: readonly string[] };

/** What the live judging thread starts with (live-judging-worker.ts). */
export interface LiveJudgingThreadData {
  ruleIds: string[];
  profile: PolicyProfile | ProfileSchedule;
  /** On a database server: `ForegroundWork.shared` (wait between children while it counts steps under way) and the connection settings. */
  server?: { foreground: SharedArrayBuffer; connection: ClientConfig };
}

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

  judge(request: JudgingRequest, readMissing: ReadMissing): Promise<JudgedChild[]> {
    return this.liveJudge.readAndJudge(request, readMissing, { everyChildren: 10, pause: () => new Promise((resolve) => setImmediate(resolve)) });
  }

  async forget(table: string, children: readonly string[]): Promise<void> {
    this.liveJudge.forget(table, children);
  }

  onServer(): void {}

  async close(): Promise<void> {}
}

/**
 * One thread, started at the first batch. If it dies, the next request starts another: it holds no
 * history then, so every child's is read again, as after a service start.
 */
class JudgingThread implements LiveJudging {
  readonly where = 'a thread of its own';
  private pool: WorkerPool<LiveJudgingRequest, unknown> | undefined;
  private server: LiveJudgingThreadData['server'];

  constructor(private readonly script: string, private readonly rules: readonly ComplianceRule[], private readonly profile: PolicyProfile | ProfileSchedule) {}

  async judge(request: JudgingRequest, readMissing: ReadMissing): Promise<JudgedChild[]> {
    // The histories would cross this thread twice (read here, then copied to the judge's): tens of
    // megabytes after a start, a few hundred milliseconds during which nothing else runs here.
    if (this.server) return (await this.ask({ kind: 'judge', request })) as JudgedChild[];
    const missing = (await this.ask({ kind: 'missing', table: request.table, children: childrenInBatch(request.children) })) as string[];
    return (await this.ask({ kind: 'judge', request, rows: await readMissing(missing) })) as JudgedChild[];
  }

  async forget(table: string, children: readonly string[]): Promise<void> {
    await this.ask({ kind: 'forget', table, children });
  }

  onServer({ foreground, connection }: ProjectionServer): void {
    this.server = { foreground: foreground.shared, connection };
    void this.close(); // a thread already started was not told: the next batch starts one that is
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.close();
  }

  private ask(request: LiveJudgingRequest): Promise<unknown> {
    if (!this.pool || this.pool.dead) {
      const data: LiveJudgingThreadData = { ruleIds: this.rules.map((rule) => rule.id), profile: this.profile, server: this.server };
      // An idle thread does not keep the process alive (a CLI that ran a step ends when it is done).
      this.pool = new WorkerPool(this.script, 1, data, { thread: 'live judging thread', error: LiveJudgingThreadError }, { refOnlyWhenBusy: true });
    }
    return this.pool.run(request);
  }
}

/** The compiled thread script beside this file, when running compiled (CommonJS); none under the tests' ESM sources. */
function compiledScript(): string | undefined {
  return typeof __dirname === 'string' ? join(__dirname, 'live-judging-worker.js') : undefined;
}
