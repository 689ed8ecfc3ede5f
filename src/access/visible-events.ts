import type { RecordedEvent } from '../ledger/event-store.port';
import { agencyOf } from '../projections/chronology/chronology-fold';

/**
 * The events of a child an agency may know of: every event but other agencies' `sealed` ones (as
 * sealed now, after any `SensitivityChanged`), and the sensitivity changes about them. Anything an
 * agency is told about a child (a case state, a count, a revision) is derived from these only.
 */
export function eventsVisibleToAgency(agencyId: string, events: readonly RecordedEvent[], options: { contentToo?: boolean } = {}): RecordedEvent[] {
  // `contentToo`: for what is derived from events' content (a case state), other agencies' restricted events go too.
  const hiddenLevels = options.contentToo ? ['sealed', 'restricted'] : ['sealed'];
  const sensitivity = new Map<string, string>();
  for (const event of events) {
    if (event.type === 'SensitivityChanged') sensitivity.set(String(event.data?.eventId), String(event.data?.sensitivity));
    else sensitivity.set(event.eventId, String(event.metadata.sensitivity ?? 'normal'));
  }
  const hidden = new Set(events.filter((event) => hiddenLevels.includes(sensitivity.get(event.eventId)!) && agencyOf(event) !== agencyId).map((event) => event.eventId));
  return events.filter((event) => !hidden.has(event.eventId) && !(event.type === 'SensitivityChanged' && hidden.has(String(event.data?.eventId))));
}

/**
 * Revisions as an agency may see them: the position of each event among the events it may know of.
 * Where nothing is hidden from it they are the stream's own revisions; where a sealed event is, the
 * numbering closes over it, so that no gap betrays it. Built from the whole stream or from its sealing
 * marks only (`EventStore.readSealingMarks`): the events hidden are among those, so both give the same.
 */
export class AgencyRevisions {
  /** Stream revisions of the events hidden from the agency, ascending. */
  private readonly hidden: number[];

  constructor(agencyId: string, events: readonly RecordedEvent[]) {
    const visible = new Set(eventsVisibleToAgency(agencyId, events));
    this.hidden = events.filter((event) => !visible.has(event)).map((event) => event.revision).sort((a, b) => a - b);
  }

  /** The agency's revision of the event at stream revision `revision` (of the last event visible at or before it). */
  seen(revision: number): number {
    return revision - this.hidden.filter((hidden) => hidden <= revision).length;
  }

  /** The current revision as the agency sees it, in a stream whose own is `streamRevision`. */
  current(streamRevision: number): number {
    return this.seen(streamRevision);
  }
}
