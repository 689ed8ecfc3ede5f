import type { Principal } from '../access/principal';
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
export function presentTo(viewer: Viewer, entry: ChronologyEntry, hidden: ReadonlySet<string> = new Set()): ChronologyEntry | Omit<ChronologyEntry, 'revision'> {
  if (viewer.role !== 'agency') return entry;
  const { revision: _hidden, ...shown } = entry;
  // A link to an event hidden from this agency (another agency's sealed one) would betray it.
  const visible = { ...shown, relatedEvents: shown.relatedEvents.filter((id) => !hidden.has(id)), correctedBy: shown.correctedBy.filter((id) => !hidden.has(id)) };
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
