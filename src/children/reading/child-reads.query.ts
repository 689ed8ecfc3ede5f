import { ValidationFailedError } from '../../common/validation/field-problems';
import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore, type RecordedEvent, type StreamVerification } from '../../ledger/event-store.port';
import { childStreamId } from '../stream/child-stream';
import { ChildNotRegisteredError } from '../stream/child-errors';

export interface RawStreamPage {
  items: RecordedEvent[];
  nextCursor: string | null;
}

export class ReadRawStreamQuery extends Query<RawStreamPage> {
  constructor(readonly childId: string, readonly fromRevision: number, readonly limit: number) {
    super();
  }
}

export class VerifyChildQuery extends Query<StreamVerification> {
  constructor(readonly childId: string) {
    super();
  }
}

/** The raw stream by revision, one page at a time; the cursor is the next revision, opaque to clients. */
@QueryHandler(ReadRawStreamQuery)
export class ReadRawStreamHandler implements IQueryHandler<ReadRawStreamQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ childId, fromRevision, limit }: ReadRawStreamQuery): Promise<RawStreamPage> {
    const events = await this.store.readStream(childStreamId(childId), { fromRevision, limit: limit + 1 });
    if (events.length === 0 && fromRevision === 0) throw new ChildNotRegisteredError(childId);
    const items = events.slice(0, limit);
    const nextCursor = events.length > limit ? Buffer.from(String(fromRevision + limit)).toString('base64url') : null;
    return { items, nextCursor };
  }
}

@QueryHandler(VerifyChildQuery)
export class VerifyChildHandler implements IQueryHandler<VerifyChildQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ childId }: VerifyChildQuery): Promise<StreamVerification> {
    const verification = await this.store.verifyStream(childStreamId(childId));
    if (verification.events === 0 && verification.valid) throw new ChildNotRegisteredError(childId);
    return verification;
  }
}

/** Cursor → revision; a cursor that is not one of ours reads from the start of the stream. */
/** The revision a page cursor (from `next`) continues at; a cursor we did not make is refused, not read as "from the start". */
export function revisionFromCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  const text = /^[A-Za-z0-9_-]{1,20}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString() : '';
  const revision = /^\d{1,15}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(revision)) throw new ValidationFailedError([{ field: 'cursor', reason: 'cursor must be a value from a previous page (next)' }]);
  return revision;
}
