import { withoutUndefined } from '../../common/without-undefined';
import type { EventMetadata, NewEvent, RecordedEvent } from '../../ledger/event-store.port';
import type { ValidEvent } from '../intake/parse-record-event';
import { ChildNotRegisteredError, NotTheRecordingAgencyError, ReferenceNotInStreamError } from './child-errors';

/** `child-<uuid>`: one stream per child, for the child's whole life. */
export const childStreamId = (childId: string): string => `child-${childId}`;

/** What the decider needs to know of a child's history: only what the hard rules look at. */
export interface ChildState {
  registered: boolean;
  /** Every event of the child, with the agency that recorded it. */
  recordedBy: ReadonlyMap<string, string | undefined>;
  /** The events sealed now: to any agency but their author they are as if not there. */
  sealed?: ReadonlySet<string>;
}

export const initialChildState: ChildState = { registered: false, recordedBy: new Map() };

type HistoryEvent = Pick<RecordedEvent, 'type' | 'eventId'> & { metadata?: { agencyId?: string; sensitivity?: string }; data?: Record<string, unknown> | null };

export function evolve(state: ChildState, event: HistoryEvent): ChildState {
  return foldChildState([event], state);
}

/** `evolve` over a whole history in one pass (a child's stream can hold thousands of events). */
export function foldChildState(events: readonly HistoryEvent[], from: ChildState = initialChildState): ChildState {
  const recordedBy = new Map(from.recordedBy);
  const sealed = new Set(from.sealed);
  let registered = from.registered;
  for (const event of events) {
    recordedBy.set(event.eventId, event.metadata?.agencyId);
    registered ||= event.type === 'ChildRegistered';
    if (event.metadata?.sensitivity === 'sealed') sealed.add(event.eventId);
    if (event.type === 'SensitivityChanged' && event.data) {
      if (event.data.sensitivity === 'sealed') sealed.add(String(event.data.eventId));
      else sealed.delete(String(event.data.eventId));
    }
  }
  return { registered, recordedBy, sealed };
}

/** Who is recording, and in which request: the agency always comes from the caller's key. */
export interface RecordingContext {
  childId: string;
  /** The agency that recorded the events: the caller's own, or for an import the line's. */
  agencyId: string;
  principal: { id: string; role: string };
  correlationId: string;
}

export interface RecordEvents {
  kind: 'RecordEvents';
  context: RecordingContext;
  events: ValidEvent[];
}

// Events whose data points at another event of the same child, and the field that does.
const MUST_POINT_INTO_STREAM: Record<string, string> = { RecordCorrected: 'correctedEventId', SensitivityChanged: 'eventId' };

/** Whether deciding on these events needs the child's history (to find the events they point at). */
export function needsHistory(events: ReadonlyArray<Pick<ValidEvent, 'type'>>): boolean {
  return events.some((event) => event.type in MUST_POINT_INTO_STREAM);
}

/**
 * Decides what a request to record events writes. Never refuses a safeguarding record for workflow
 * reasons (a PlanEnded with no PlanStarted is kept, and becomes a data-quality finding later); only
 * hard rules refuse: the child must be registered, and a correction or a change of sensitivity must
 * point at an event of this child (earlier in the stream, or earlier in the same request) that the
 * same agency recorded: an agency corrects, seals and unseals only its own records.
 */
export function decide(command: RecordEvents, state: ChildState): NewEvent[] {
  if (!state.registered) throw new ChildNotRegisteredError(command.context.childId);
  const earlierInRequest = new Set<string>();
  return command.events.map((event) => {
    const pointer = MUST_POINT_INTO_STREAM[event.type];
    if (pointer) {
      const target = String(event.data[pointer]);
      // Another agency's sealed event is answered as if it were not there: a different refusal would betray it.
      const hiddenFromCaller = state.sealed?.has(target) && state.recordedBy.get(target) !== command.context.agencyId;
      if ((!state.recordedBy.has(target) || hiddenFromCaller) && !earlierInRequest.has(target)) throw new ReferenceNotInStreamError(event.eventId, `data.${pointer}`);
      if (state.recordedBy.has(target) && state.recordedBy.get(target) !== command.context.agencyId) {
        throw new NotTheRecordingAgencyError(event.eventId, `data.${pointer}`);
      }
    }
    earlierInRequest.add(event.eventId);
    return toNewEvent(event, command.context);
  });
}

function toNewEvent(event: ValidEvent, context: RecordingContext): NewEvent {
  // Keys in sorted order, nested ones too, and no undefined members: the canonical form is then
  // written by JSON.stringify itself.
  const metadata: EventMetadata = withoutUndefined({
    actor: { principalId: context.principal.id, role: context.principal.role },
    agencyId: context.agencyId,
    author: event.author && { id: event.author.id, ...(event.author.role === undefined ? {} : { role: event.author.role }) },
    causationId: event.causationId,
    correlationId: context.correlationId,
    sensitivity: event.sensitivity,
    source: event.source && { ...(event.source.ref === undefined ? {} : { ref: event.source.ref }), system: event.source.system },
  });
  return {
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    occurredAt: event.occurredAt,
    occurredAtPrecision: event.occurredAtPrecision,
    data: event.data,
    metadata,
  };
}
