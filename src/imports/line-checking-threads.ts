import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { WorkerPool } from '../common/worker-pool';
import { checkLines, type CheckedLine, type LinesToCheck } from './check-lines';

export class LineCheckingThreadError extends Error {}

/** Lines handed to a thread at a time: small enough that several threads share a chunk, large enough that a message carries real work. */
const LINES_AT_ONCE = 5_000;

/**
 * Worker threads that check an import's lines (parsing and validating each is most of an import's
 * CPU besides the appends), so that checking the next chunk runs on another core while this thread
 * appends the last (ADR 0020). A thread failing fails the import; a re-run resumes, as after a crash.
 */
export class LineCheckingThreads {
  private constructor(private readonly pool: WorkerPool<LinesToCheck, CheckedLine[]>) {}

  /**
   * One thread per core but this one (at most 3), or none (`undefined`: check in this thread) on one
   * core, or when running from the TypeScript sources (tests), where there is no compiled thread
   * script. `count` and `script` are for tests.
   */
  static open(options: { count?: number; script?: string } = {}): LineCheckingThreads | undefined {
    const count = options.count ?? Math.min(availableParallelism() - 1, 3);
    const script = options.script ?? compiledScript();
    if (count < 1 || !script || !existsSync(script)) return undefined;
    return new LineCheckingThreads(new WorkerPool(script, count, undefined, { thread: 'line-checking thread', error: LineCheckingThreadError }));
  }

  /** The lines checked, in order, a few thousand to each thread. */
  async check(lines: LinesToCheck): Promise<CheckedLine[]> {
    const pieces: Array<Promise<CheckedLine[]>> = [];
    for (let start = 0; start < lines.rows.length; start += LINES_AT_ONCE) {
      const end = start + LINES_AT_ONCE;
      pieces.push(this.pool.run({ ...lines, rows: lines.rows.slice(start, end), numbers: lines.numbers.slice(start, end) }));
    }
    return (await Promise.all(pieces)).flat();
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/** Checks lines in this thread: where there are no threads (one core, the tests' sources, HTTP imports). */
export const IN_THIS_THREAD = { check: async (lines: LinesToCheck): Promise<CheckedLine[]> => checkLines(lines) };

/** The compiled thread script beside this file, when running compiled (CommonJS); none under the tests' ESM sources. */
function compiledScript(): string | undefined {
  return typeof __dirname === 'string' ? join(__dirname, 'line-checking-worker.js') : undefined;
}
