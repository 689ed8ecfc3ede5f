import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type AppendResult, type EventStore, type ExpectedRevision } from '../../ledger/event-store.port';
import type { ValidEvent } from '../intake/parse-record-event';
import { childStreamId, decide, foldChildState, type RecordingContext } from '../stream/child-stream';

export class RecordEventsCommand extends Command<AppendResult> {
  constructor(
    readonly context: RecordingContext,
    readonly events: ValidEvent[],
    readonly expectedRevision: ExpectedRevision,
  ) {
    super();
  }
}

/** Read the child's stream, decide, append at the revision asked for. */
@CommandHandler(RecordEventsCommand)
export class RecordEventsHandler implements ICommandHandler<RecordEventsCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ context, events, expectedRevision }: RecordEventsCommand): Promise<AppendResult> {
    const streamId = childStreamId(context.childId);
    const state = foldChildState(await this.store.readStream(streamId));
    const newEvents = decide({ kind: 'RecordEvents', context, events }, state);
    return this.store.append(streamId, newEvents, { expectedRevision });
  }
}
