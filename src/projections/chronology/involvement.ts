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
