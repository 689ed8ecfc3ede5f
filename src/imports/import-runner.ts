import { randomUUID } from 'node:crypto';
import type { Principal } from '../access/principal';
import type { AccessRepository } from '../access/access-repository';
import type { Clock } from '../common/clock';
import { CodedError } from '../common/errors/coded-error';
import { withoutUndefined } from '../common/without-undefined';
import type { FieldProblem } from '../common/validation/field-problems';
import type { ChildRegistry } from '../children/registration/child-registry';
import { childStreamId, decide, foldChildState, needsHistory, type ChildState } from '../children/stream/child-stream';
import type { EventStore, NewEvent } from '../ledger/event-store.port';
import { IdempotencyMismatchError, LedgerUnavailableError, VersionConflictError } from '../ledger/ledger-errors';
import type { ImportLine } from './parse-import-line';
import { IN_THIS_THREAD, LineCheckingThreads } from './line-checking-threads';

export interface ImportReport {
  batchId: string;
  dryRun: boolean;
  accepted: number;
  duplicates: number;
  refused: Array<{ line: number } & FieldProblem>;
}

type LineChecker = Pick<LineCheckingThreads, 'check'>;

const CHILDREN_AT_ONCE = 256; // many small appends at once: group commit (ADR 0006) joins them (measured: 64 → 6,700/s, 256 → 7,500/s)
const CHUNK_LINES = 60_000; // round-robin files over 20,000 children: 6,900 → 8,400 events/s against 20,000 (docs/benchmarks.md)
const RUN_LINES = 100;

export interface ImportOptions {
  dryRun: boolean;
  batchId?: string;
  /** The CLI's large files: lines are checked in worker threads, where there are cores for them (ADR 0020). */
  checkInThreads?: boolean;
}

/**
 * Imports newline-delimited events: every line is checked first; a dry run stops there and reports.
 * A real run appends each child's lines in file order (children in parallel), each with the same
 * hard rules, hash chain and idempotency as live intake: a line already stored counts as a duplicate,
 * so running the same file again adds nothing.
 */
export class ImportRunner {
  /** Agencies found to exist (they are never removed), so a large import asks once per agency. */
  private readonly agencies = new Set<string>();

  constructor(
    private readonly store: EventStore,
    private readonly registry: ChildRegistry,
    private readonly access: AccessRepository,
    private readonly clock: Clock,
  ) {}

  async run(text: string, principal: Principal, options: ImportOptions): Promise<ImportReport> {
    return this.runLines(text.split('\n'), principal, options);
  }

  /**
   * The same over a stream of lines (the CLI reads files this way): lines are taken in chunks, so
   * memory stays flat whatever the file's size. `onProgress` hears the number of lines done.
   */
  async runLines(rows: AsyncIterable<string> | Iterable<string>, principal: Principal, options: ImportOptions, onProgress?: (lines: number) => void): Promise<ImportReport> {
    const report: ImportReport = { batchId: options.batchId ?? randomUUID(), dryRun: options.dryRun, accepted: 0, duplicates: 0, refused: [] };
    // Only a dry run tracks ids itself; a real run lets the store say what is already there.
    const seen = options.dryRun ? new Set<string>() : undefined;
    let chunk: Array<{ row: string; number: number }> = [];
    let number = 0;
    // While one chunk is being appended, the next is read and checked; chunks are appended one after
    // another, so each child's lines keep their file order.
    let appending: Promise<void> = Promise.resolve();
    const threads = options.checkInThreads ? LineCheckingThreads.open() : undefined;
    const checker = threads ?? IN_THIS_THREAD;
    const next = async (done: number) => {
      const lines = await this.checkAll(checker, chunk, principal, this.clock.now(), report);
      chunk = [];
      await appending;
      onProgress?.(done);
      appending = this.appendChunk(lines, principal, report, seen);
      appending.catch(() => undefined); // awaited below; this only keeps a failure from counting as unhandled meanwhile
    };
    try {
      for await (const row of rows) {
        number += 1;
        if (row.trim() !== '') chunk.push({ row, number });
        if (chunk.length >= CHUNK_LINES) await next(number);
      }
      await next(number);
      await appending;
    } finally {
      await appending.catch(() => undefined); // a failure while checking leaves no append running on
      await threads?.close();
    }
    onProgress?.(number);
    report.refused.sort((a, b) => a.line - b.line);
    return report;
  }

  private async appendChunk(lines: ImportLine[], principal: Principal, report: ImportReport, seen: Set<string> | undefined): Promise<void> {
    if (seen) {
      for (const line of lines) {
        if (seen.has(line.event.eventId)) report.duplicates += 1;
        else report.accepted += 1;
        seen.add(line.event.eventId);
      }
      return;
    }
    const byChild = new Map<string, ImportLine[]>();
    for (const line of lines) {
      const childId = (line.child as { childId: string }).childId;
      const childLines = byChild.get(childId);
      if (childLines) childLines.push(line);
      else byChild.set(childId, [line]);
    }
    const children = [...byChild.entries()];
    let taken = 0;
    await Promise.all(Array.from({ length: CHILDREN_AT_ONCE }, async () => {
      while (taken < children.length) {
        const [childId, childLines] = children[taken++];
        await this.appendChild(childId, childLines, principal, report);
      }
    }));
  }

  /** Parses every line (in `checker`'s threads, or here), resolves NHS numbers to children, and checks the agencies named exist. */
  private async checkAll(checker: LineChecker, chunk: Array<{ row: string; number: number }>, principal: Principal, now: Date, report: ImportReport): Promise<ImportLine[]> {
    const lines: ImportLine[] = [];
    const checked = await checker.check({ rows: chunk.map(({ row }) => row), numbers: chunk.map(({ number }) => number), now: now.getTime(), principal });
    for (const [index, parsed] of checked.entries()) {
      if ('problems' in parsed) {
        report.refused.push(...parsed.problems.map((problem) => ({ line: chunk[index].number, ...problem })));
        continue;
      }
      const line = parsed.line;
      if ('nhsNumber' in line.child) {
        const childId = await this.registry.find({ kind: 'nhs', value: line.child.nhsNumber });
        if (!childId) {
          report.refused.push({ line: line.line, field: 'nhsNumber', reason: 'no child is registered with this NHS number' });
          continue;
        }
        line.child = { childId };
      }
      if (!this.agencies.has(line.agencyId) && (await this.access.agencyExists(line.agencyId))) this.agencies.add(line.agencyId);
      if (!this.agencies.has(line.agencyId)) {
        report.refused.push({ line: line.line, field: 'agencyId', reason: 'no agency is registered with this id' });
        continue;
      }
      lines.push(line);
    }
    return lines;
  }

  /**
   * One child's lines, in file order: in runs of up to 100 appended at once (one call, one
   * transaction); a run that fails or partly overlaps stored events is retried line by line, so each
   * line gets its own verdict.
   */
  private async appendChild(childId: string, lines: ImportLine[], principal: Principal, report: ImportReport): Promise<void> {
    const streamId = childStreamId(childId);
    let history: ChildState | undefined;
    for (let start = 0; start < lines.length; start += RUN_LINES) {
      const run = lines.slice(start, start + RUN_LINES);
      if (!history && run.some((line) => needsHistory([line.event]))) history = foldChildState(await this.store.readStream(streamId));
      const before = history;
      const pointsBack = run.some((line) => needsHistory([line.event]));
      try {
        // A correction may point at an earlier line of the file: then each line is decided with the lines before it in view.
        const events = run.map((line) => {
          const event = this.toEvent(childId, line, principal, report.batchId, history);
          if (pointsBack) history = withLines(history, [line]);
          return event;
        });
        if (!pointsBack) history = withLines(history, run);
        const result = await this.store.append(streamId, events, { expectedRevision: 'stream_exists' });
        if (result.replayed) report.duplicates += run.length;
        else report.accepted += run.length;
      } catch (error) {
        if (error instanceof LedgerUnavailableError) throw error; // the database is down: stop, a re-run resumes
        history = before;
        for (const line of run) {
          if (await this.appendLine(streamId, childId, line, principal, report, history)) history = withLines(history, [line]);
        }
      }
    }
  }

  /** True when the line is in the ledger (appended now, or before). */
  private async appendLine(streamId: string, childId: string, line: ImportLine, principal: Principal, report: ImportReport, history: ChildState | undefined): Promise<boolean> {
    try {
      const result = await this.store.append(streamId, [this.toEvent(childId, line, principal, report.batchId, history)], { expectedRevision: 'stream_exists' });
      if (result.replayed) report.duplicates += 1;
      else report.accepted += 1;
      return true;
    } catch (error) {
      report.refused.push({ line: line.line, ...refusalOf(error) });
      return false;
    }
  }

  /** The line as the ledger stores it: decided like live intake, with its original time and provenance. */
  private toEvent(childId: string, line: ImportLine, principal: Principal, batchId: string, history: ChildState | undefined): NewEvent {
    const context = { childId, agencyId: line.agencyId, principal: { id: principal.id, role: principal.role }, correlationId: batchId };
    const [event] = decide({ kind: 'RecordEvents', context, events: [line.event] }, history ?? { registered: true, recordedBy: new Map() });
    const { actor, agencyId, author, causationId, correlationId, sensitivity, source } = event.metadata;
    return {
      ...event,
      // Keys in canonical (sorted) order, so hashing takes the fast path.
      metadata: withoutUndefined({ actor, agencyId, author, causationId, correlationId, provenance: { batchId, imported: true, importedBy: principal.id }, sensitivity, source }),
      historical: { recordedAt: line.recordedAt, recordedAtKnown: line.recordedAtKnown },
    };
  }
}

function refusalOf(error: unknown): FieldProblem {
  if (error instanceof LedgerUnavailableError) throw error;
  if (error instanceof VersionConflictError && error.actual === -1) return { field: 'childId', reason: 'no child is registered with this id' };
  if (error instanceof IdempotencyMismatchError) return { field: 'eventId', reason: 'this eventId is already stored with other content' };
  if (error instanceof CodedError) return { field: String(error.details.field ?? 'line'), reason: error.message };
  throw error;
}

/** The child's state with these lines in it (tracked only once a correction needed the history). */
function withLines(history: ChildState | undefined, lines: readonly ImportLine[]): ChildState | undefined {
  return history && foldChildState(lines.map((line) => ({ type: line.event.type, eventId: line.event.eventId, metadata: { agencyId: line.agencyId } })), history);
}
