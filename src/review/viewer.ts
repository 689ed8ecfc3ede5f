import type { Principal } from '../access/principal';
import type { RecordedEvent } from '../ledger/event-store.port';
import { eventsVisibleToAgency } from '../access/visible-events';
import type { ChronologyEntry } from '../projections/chronology/chronology-entry';

/** Who is reading, as far as what they may see goes: an agency sees less of other agencies' sensitive events. */
export interface Viewer {
  role: Principal['role'];
  agencyId?: string;
}

/** A `sealed` event is invisible to every agency but its author (API.md "Roles"). */
export function canSee(viewer: Viewer, entry: Pick<ChronologyEntry, 'sensitivity' | 'agencyId'>): boolean {
  return viewer.role !== 'agency' || entry.sensitivity !== 'sealed' || entry.agencyId === viewer.agencyId;
}

/**
 * The row as this viewer may see it. Another agency's `restricted` event shows its type, date and
 * agency only. For agencies the revision is left out: a gap in revisions would betray a sealed event.
 */
export function presentTo(viewer: Viewer, entry: ChronologyEntry): ChronologyEntry | Omit<ChronologyEntry, 'revision'> {
  if (viewer.role !== 'agency') return entry;
  const { revision: _hidden, ...visible } = entry;
  if (entry.sensitivity !== 'restricted' || entry.agencyId === viewer.agencyId) return visible;
  return {
    ...visible,
    summary: 'Restricted: the recording agency has withheld the content of this record.',
    significance: 'neutral',
    action: null,
    outcome: null,
    relatedEvents: [],
    correctedBy: [],
    corrections: [],
  };
}

/** The events of a child this viewer may know of (all of them, but for an agency: see `eventsVisibleToAgency`). */
export function eventsVisibleTo(viewer: Viewer, events: readonly RecordedEvent[]): RecordedEvent[] {
  return viewer.role === 'agency' ? eventsVisibleToAgency(viewer.agencyId!, events) : [...events];
}
