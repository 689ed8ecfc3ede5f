import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type AppendResult, type EventStore, type ExpectedRevision } from '../../ledger/event-store.port';
import type { ValidEvent } from '../intake/parse-record-event';
import { VersionConflictError } from '../../ledger/ledger-errors';
import { ChildRegistry } from '../registration/child-registry';
import { ChildNotRegisteredError } from '../stream/child-errors';
import { childStreamId, decide, foldChildState, needsHistory, type ChildState, type RecordingContext } from '../stream/child-stream';
import { RevisionsForAgency } from './revisions-for-agency';

export class RecordEventsCommand extends Command<AppendResult> {
  constructor(
    readonly context: RecordingContext,
    readonly events: ValidEvent[],
    readonly expectedRevision: ExpectedRevision,
  ) {
    super();
  }
}

/**
 * Decide, then append at the revision asked for. The child's history is read only when the decider
 * needs it (a correction or a change of sensitivity names an event of the stream). That the child is
 * registered is checked by the append itself: a child's stream exists exactly when ChildRegistered
 * was written, so "any" becomes "stream_exists", atomically, with no read before. An NHS number
 * issued at birth (ChildBorn) is claimed for the child first, so it cannot belong to two children.
 * Revisions in and out are the agency's own view of them (`RevisionsForAgency`).
 */
@CommandHandler(RecordEventsCommand)
export class RecordEventsHandler implements ICommandHandler<RecordEventsCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ChildRegistry) private readonly registry: ChildRegistry,
  ) {}

  async execute({ context, events, expectedRevision }: RecordEventsCommand): Promise<AppendResult> {
    const streamId = childStreamId(context.childId);
    const state: ChildState = needsHistory(events)
      ? foldChildState(await this.store.readStream(streamId))
      : { registered: true, recordedBy: new Map() }; // registration is enforced by the append below
    const newEvents = decide({ kind: 'RecordEvents', context, events }, state);
    const numbersIssued = events.flatMap((event) => (event.type === 'ChildBorn' && event.data.nhsNumber ? [{ kind: 'nhs' as const, value: String(event.data.nhsNumber) }] : []));
    const revisions = new RevisionsForAgency(this.store, streamId, context.agencyId);
    const sent = expectedRevision === 'any' ? 'stream_exists' : expectedRevision;
    try {
      const expected = await revisions.expected(sent);
      const result = await this.registry.claimFor(context.childId, numbersIssued, () => this.store.append(streamId, newEvents, { expectedRevision: expected }));
      return await revisions.result(result);
    } catch (error) {
      if (error instanceof VersionConflictError && error.actual === -1) throw new ChildNotRegisteredError(context.childId);
      if (error instanceof VersionConflictError) throw await revisions.conflict(error, sent);
      throw error;
    }
  }
}
