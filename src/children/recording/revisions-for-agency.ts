import { AgencyRevisions } from '../../access/visible-events';
import type { AppendResult, EventStore, ExpectedRevision } from '../../ledger/event-store.port';
import { VersionConflictError } from '../../ledger/ledger-errors';

/**
 * Revisions as the recording agency is told them (API.md: "revision" in every intake answer, and the
 * expected revision it may send). In a child's record with another agency's sealed event they are
 * counted over the events the agency may know of, so that no gap betrays the sealed one (issue 7);
 * everywhere else they are the stream's own, and the append's answer tells which (else one indexed lookup).
 */
export class RevisionsForAgency {
  constructor(private readonly store: EventStore, private readonly streamId: string, private readonly agencyId: string) {}

  /**
   * The agency's expected revision as the stream's own. When it is the agency's current one, the
   * stream's current (events hidden from the agency since do not count against it); otherwise a
   * revision the stream is past, so that the store answers as it would anywhere else: the original
   * result for a retry, a conflict (reported in the agency's numbering) for anything new.
   */
  async expected(expected: ExpectedRevision): Promise<ExpectedRevision> {
    if (typeof expected !== 'number') return expected;
    const marks = await this.store.readSealingMarks(this.streamId);
    if (marks.length === 0) return expected; // nothing can be hidden: the agency's numbering is the stream's
    const revisions = new AgencyRevisions(this.agencyId, marks);
    const streamCurrent = await this.streamCurrent();
    const current = revisions.current(streamCurrent);
    return expected === current ? streamCurrent : streamCurrent + 1 + Math.abs(expected - current);
  }

  async result(result: AppendResult): Promise<AppendResult> {
    // Most stores say with the append itself whether there is anything to count (ADR 0022).
    if (result.streamHasSealingMarks === false) return result;
    const marks = await this.store.readSealingMarks(this.streamId);
    if (marks.length === 0) return result;
    const revisions = new AgencyRevisions(this.agencyId, marks);
    const events = result.events.map((event) => ({ ...event, revision: revisions.seen(event.revision) }));
    return { ...result, events, lastRevision: events[events.length - 1].revision };
  }

  /** A conflict as the agency sees it: the revision it sent, and the current one in its numbering. */
  async conflict(error: VersionConflictError, sent: ExpectedRevision): Promise<VersionConflictError> {
    if (error.actual < 0) return error;
    const marks = await this.store.readSealingMarks(this.streamId);
    if (marks.length === 0) return error;
    const revisions = new AgencyRevisions(this.agencyId, marks);
    return new VersionConflictError(this.streamId, sent, revisions.current(await this.streamCurrent()));
  }

  /**
   * The stream's own current revision, read after its marks, so it covers every mark read. Counted from
   * the marks, not the whole stream (ADR 0023): a long record is not read on every append.
   */
  private async streamCurrent(): Promise<number> {
    const [last] = await this.store.readStream(this.streamId, { direction: 'backwards', limit: 1 });
    return last?.revision ?? -1;
  }
}
