import type { OccurredAtPrecision, Sensitivity } from '../../ledger/event-store.port';

export type Significance = 'concern' | 'protective' | 'neutral';
export type Provenance = 'live' | 'imported';

/** One field a correction changed: its dotted path in the event's data, the value before and the corrected value. */
export interface CorrectedFieldChange {
  path: string;
  previousValue: unknown;
  value: unknown;
}

/** A `RecordCorrected` folded into the row it corrects (a correction is never a row of its own). */
export interface AppliedCorrection {
  eventId: string;
  fields: CorrectedFieldChange[];
  reason: string;
  recordedAt: string;
}

/**
 * One row of a child's multi-agency chronology (../shared/API.md "The chronology"): one per event,
 * with every correction recorded so far applied and listed. Built by the same pure functions
 * whether it comes from the read model or from an as-of replay of the ledger.
 */
export interface ChronologyEntry {
  eventId: string;
  /** The child whose stream holds the event (differs from the requested child for a linked duplicate record). */
  childId: string;
  revision: number;
  position: number;
  /** `YYYY-MM-DD` (a Europe/London date) or an ISO 8601 instant. */
  occurredAt: string;
  occurredAtPrecision: OccurredAtPrecision;
  /** ISO 8601: the original recording time (for imported history, the source system's). */
  recordedAt: string;
  recordedAtKnown: boolean;
  /** Working days from the day it happened to the day it was recorded; null when the recording time is unknown. */
  recordingLag: number | null;
  agencyId: string;
  agencyName: string | null;
  type: string;
  /** Plain English for each event type, written so a family could read it. */
  summary: string;
  significance: Significance;
  /** What was done about it (for the CSV "Action" column), when the event says. */
  action: string | null;
  /** What came of it (for the CSV "Outcome" column), when the event says. */
  outcome: string | null;
  provenance: Provenance;
  importedAt: string | null;
  sensitivity: Sensitivity;
  /** Other events this one refers to (the referral a decision decides, the concerns a referral raises, ...). */
  relatedEvents: string[];
  correctedBy: string[];
  corrections: AppliedCorrection[];
}
