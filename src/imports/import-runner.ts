import { randomUUID } from 'node:crypto';
import type { Principal } from '../access/principal';
import type { AccessRepository } from '../access/access-repository';
import type { Clock } from '../common/clock';
import { CodedError } from '../common/errors/coded-error';
import type { FieldProblem } from '../common/validation/field-problems';
import type { ChildRegistry } from '../children/registration/child-registry';
import { childStreamId, decide, foldChildState, needsHistory, type ChildState } from '../children/stream/child-stream';
import type { EventStore } from '../ledger/event-store.port';
import { IdempotencyMismatchError, VersionConflictError } from '../ledger/ledger-errors';
import { parseImportLine, type ImportLine } from './parse-import-line';

export interface ImportReport {
  batchId: string;
  dryRun: boolean;
  accepted: number;
  duplicates: number;
  refused: Array<{ line: number } & FieldProblem>;
}

const CHILDREN_AT_ONCE = 8;

/**
 * Imports newline-delimited events: every line is checked first; a dry run stops there and reports.
 * A real run appends each child's lines in file order (children in parallel), each with the same
 * hard rules, hash chain and idempotency as live intake: a line already stored counts as a duplicate,
 * so running the same file again adds nothing.
 */
export class ImportRunner {
  constructor(
    private readonly store: EventStore,
    private readonly registry: ChildRegistry,
    private readonly access: AccessRepository,
    private readonly clock: Clock,
  ) {}

  async run(text: string, principal: Principal, options: { dryRun: boolean; batchId?: string }): Promise<ImportReport> {
    const report: ImportReport = { batchId: options.batchId ?? randomUUID(), dryRun: options.dryRun, accepted: 0, duplicates: 0, refused: [] };
    const now = this.clock.now();
    const lines = await this.checkAll(text, principal, now, report);
    const seen = new Set<string>();
    const byChild = new Map<string, ImportLine[]>();
    for (const line of lines) {
      if (seen.has(line.event.eventId)) {
        if (options.dryRun) report.duplicates += 1;
        else byChild.get((line.child as { childId: string }).childId)!.push(line); // the store decides: same content is a duplicate, other content a refusal
        continue;
      }
      seen.add(line.event.eventId);
      const childId = (line.child as { childId: string }).childId;
      byChild.set(childId, [...(byChild.get(childId) ?? []), line]);
    }
    if (options.dryRun) {
      report.accepted = seen.size;
    } else {
      const queue = [...byChild.entries()];
      await Promise.all(Array.from({ length: CHILDREN_AT_ONCE }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) await this.appendChild(next[0], next[1], principal, report);
      }));
    }
    report.refused.sort((a, b) => a.line - b.line);
    return report;
  }

  /** Parses every line, resolves NHS numbers to children, and checks the agencies named exist. */
  private async checkAll(text: string, principal: Principal, now: Date, report: ImportReport): Promise<ImportLine[]> {
    const lines: ImportLine[] = [];
    const agencies = new Map<string, boolean>();
    const rows = text.split('\n');
    for (const [index, row] of rows.entries()) {
      if (row.trim() === '') continue;
      const parsed = parseImportLine(row, index + 1, now, principal);
      if ('problems' in parsed) {
        report.refused.push(...parsed.problems.map((problem) => ({ line: index + 1, ...problem })));
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
      if (!agencies.has(line.agencyId)) agencies.set(line.agencyId, await this.access.agencyExists(line.agencyId));
      if (!agencies.get(line.agencyId)) {
        report.refused.push({ line: line.line, field: 'agencyId', reason: 'no agency is registered with this id' });
        continue;
      }
      lines.push(line);
    }
    return lines;
  }

  private async appendChild(childId: string, lines: ImportLine[], principal: Principal, report: ImportReport): Promise<void> {
    const streamId = childStreamId(childId);
    let history: ChildState | undefined;
    for (const line of lines) {
      try {
        if (needsHistory([line.event]) && !history) history = foldChildState(await this.store.readStream(streamId));
        const state = history ?? { registered: true, recordedBy: new Map() };
        const context = { childId, agencyId: line.agencyId, principal: { id: principal.id, role: principal.role }, correlationId: report.batchId };
        const [event] = decide({ kind: 'RecordEvents', context, events: [line.event] }, state);
        const result = await this.store.append(streamId, [{
          ...event,
          metadata: { ...event.metadata, provenance: { imported: true, importedBy: principal.id, batchId: report.batchId } },
          historical: { recordedAt: line.recordedAt, recordedAtKnown: line.recordedAtKnown },
        }], { expectedRevision: 'stream_exists' });
        if (result.replayed) report.duplicates += 1;
        else report.accepted += 1;
        if (history) history = foldChildState([{ type: event.type, eventId: event.eventId, metadata: { agencyId: line.agencyId } }], history);
      } catch (error) {
        report.refused.push({ line: line.line, ...refusalOf(error) });
      }
    }
  }
}

function refusalOf(error: unknown): FieldProblem {
  if (error instanceof VersionConflictError && error.actual === -1) return { field: 'childId', reason: 'no child is registered with this id' };
  if (error instanceof IdempotencyMismatchError) return { field: 'eventId', reason: 'this eventId is already stored with other content' };
  if (error instanceof CodedError) return { field: String(error.details.field ?? 'line'), reason: error.message };
  throw error;
}
