import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Principal } from '../../access/principal';
import { CLOCK, type Clock } from '../../common/clock';
import { ValidationFailedError } from '../../common/validation/field-problems';
import { EVENT_STORE, type AppendResult, type EventStore, type NewEvent } from '../../ledger/event-store.port';
import { VersionConflictError } from '../../ledger/ledger-errors';
import { ChildNotRegisteredError } from '../stream/child-errors';
import { childStreamId } from '../stream/child-stream';

export class LinkDuplicatesCommand extends Command<AppendResult[]> {
  constructor(
    readonly childId: string,
    readonly otherChildId: string,
    readonly reason: string,
    readonly principal: Principal,
    readonly correlationId: string,
  ) {
    super();
  }
}

/**
 * Two records found to be the same child are linked, never merged: each stream records
 * DuplicateRecordsLinked naming the other, both or neither, so reads of either can show both histories.
 */
@CommandHandler(LinkDuplicatesCommand)
export class LinkDuplicatesHandler implements ICommandHandler<LinkDuplicatesCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ childId, otherChildId, reason, principal, correlationId }: LinkDuplicatesCommand): Promise<AppendResult[]> {
    if (childId === otherChildId) throw new ValidationFailedError([{ field: 'otherChildId', reason: 'a record cannot be linked to itself' }]);
    const link = (from: string, to: string): NewEvent => ({
      eventId: randomUUID(),
      type: 'DuplicateRecordsLinked',
      schemaVersion: 1,
      occurredAt: this.clock.now().toISOString(),
      occurredAtPrecision: 'date-time',
      data: { otherChildId: to, reason, linkedBy: principal.id },
      metadata: { actor: { principalId: principal.id, role: principal.role }, sensitivity: 'normal', correlationId },
    });
    try {
      return await this.store.appendMany([
        { streamId: childStreamId(childId), events: [link(childId, otherChildId)], expectedRevision: 'stream_exists' },
        { streamId: childStreamId(otherChildId), events: [link(otherChildId, childId)], expectedRevision: 'stream_exists' },
      ]);
    } catch (error) {
      if (error instanceof VersionConflictError && error.actual === -1) throw new ChildNotRegisteredError(error.streamId.replace(/^child-/, ''));
      throw error;
    }
  }
}
