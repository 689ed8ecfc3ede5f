import type { RecordedEvent } from '../../ledger/event-store.port';

/**
 * The agencies an event makes involved with the child (API.md "Roles"): the agency that recorded it,
 * and any agency it names as a referral's recipient, a recipient of shared information or an
 * invited participant (strategy discussion, conference).
 */
export function involvedAgencies(event: RecordedEvent): string[] {
  const agencies = new Set<string>();
  if (event.metadata.agencyId) agencies.add(event.metadata.agencyId);
  const data = (event.data ?? {}) as Record<string, unknown>;
  const named = (value: unknown) => { if (typeof value === 'string' && value) agencies.add(value); };
  const participants = (value: unknown) => { if (Array.isArray(value)) for (const person of value) named((person as { agency?: unknown }).agency); };
  switch (event.type) {
    case 'ReferralMade': named(data.toAgency); break;
    case 'InformationShared': named(data.recipientAgency); break;
    case 'StrategyDiscussionHeld': participants(data.participants); break;
    case 'ConferenceHeld': participants(data.invited); participants(data.attending); break;
    case 'CaseTransferred': named(data.toAgency); break;
  }
  return [...agencies];
}

/** An agency involved with a child since the earliest `recordedAt` of the events that involve it (a row of `child_involvements`). */
export interface Involvement { child_id: string; agency_id: string; since: string }

/**
 * The agencies these child events involve, each pair once with the earliest `recordedAt` among them
 * (an imported event may carry an earlier one than events before it): so the result does not depend
 * on where batches begin and end.
 */
export function involvementsOf(events: readonly RecordedEvent[]): Involvement[] {
  const pairs = new Map<string, Involvement>();
  for (const event of events) {
    const childId = event.streamId.slice('child-'.length);
    const since = event.recordedAt.toISOString();
    for (const agencyId of involvedAgencies(event)) {
      const key = `${childId}/${agencyId}`;
      const known = pairs.get(key);
      if (!known || since < known.since) pairs.set(key, { child_id: childId, agency_id: agencyId, since });
    }
  }
  return [...pairs.values()];
}
