import { AgencyRevisions } from '../../access/visible-events';
import type { AppendResult, EventStore, ExpectedRevision } from '../../ledger/event-store.port';
import { VersionConflictError } from '../../ledger/ledger-errors';

/**
 * Revisions as the recording agency is told them (API.md: "revision" in every intake answer, and the
 * expected revision it may send). In a child's record with another agency's sealed event they are
 * counted over the events the agency may know of, so that no gap betrays the sealed one (issue 7);
 * everywhere else they are the stream's own, and cost one indexed lookup to tell which.
 */
export class RevisionsForAgency {
  constructor(private readonly store: EventStore, private readonly streamId: string, private readonly agencyId: string) {}

  /** The agency's expected revision as the stream's own; a mismatch is a conflict, reported in the agency's numbering. */
  async expected(expected: ExpectedRevision): Promise<ExpectedRevision> {
    if (typeof expected !== 'number' || !(await this.store.hasSealingMarks(this.streamId))) return expected;
    const events = await this.store.readStream(this.streamId);
    const current = new AgencyRevisions(this.agencyId, events).current();
    if (current !== expected) throw new VersionConflictError(this.streamId, expected, current);
    return events[events.length - 1].revision;
  }

  async result(result: AppendResult): Promise<AppendResult> {
    if (!(await this.store.hasSealingMarks(this.streamId))) return result;
    const revisions = new AgencyRevisions(this.agencyId, await this.store.readStream(this.streamId));
    const events = result.events.map((event) => ({ ...event, revision: revisions.seen(event.revision) }));
    return { ...result, events, lastRevision: events[events.length - 1].revision };
  }

  async conflict(error: VersionConflictError): Promise<VersionConflictError> {
    if (error.actual < 0 || !(await this.store.hasSealingMarks(this.streamId))) return error;
    const current = new AgencyRevisions(this.agencyId, await this.store.readStream(this.streamId)).current();
    return new VersionConflictError(this.streamId, error.expected, current);
  }
}
