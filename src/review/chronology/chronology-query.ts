import type { ChronologyEntry } from '../../projections/chronology/chronology-entry';
import type { ChronologyCursor, ReviewWindow } from '../review-request';
import type { Viewer } from '../viewer';

/** What a reader asks of a child's chronology (API.md "The chronology"). */
export interface ChronologyRequest {
  childId: string;
  viewer: Viewer;
  /** Only what was recorded by this moment; absent: everything recorded so far. */
  asOf?: Date;
  window: ReviewWindow;
  agency?: string;
  types?: string[];
  limit: number;
  cursor?: ChronologyCursor;
}

export interface ChronologyPage {
  items: ChronologyEntry[];
  nextCursor: ChronologyCursor | null;
}

export function cursorOf(entry: { occurredSort: Date; recordedAt: string; position: number }): ChronologyCursor {
  return { occurredSort: entry.occurredSort.toISOString(), recordedAt: entry.recordedAt, position: entry.position };
}
