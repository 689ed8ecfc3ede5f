import { randomUUID } from 'node:crypto';
import { EVENT_EXAMPLES } from '../../src/children/catalogue/event-examples';
import type { EventStore, NewEvent } from '../../src/ledger/event-store.port';

/*
 * Fictional child histories for the projection benchmark: a ChildRegistered first, then a mix of
 * the everyday event types (data from the catalogue's examples) recorded by four agencies, with
 * corrections and sensitivity changes pointing at earlier events of the same stream.
 */

export const AGENCIES = [
  { id: 'school-meadowbank', name: 'Meadowbank Primary School', kind: 'school' },
  { id: 'csc-northshire', name: "Northshire Children's Social Care", kind: 'social-care' },
  { id: 'health-visiting-north', name: 'North Health Visiting', kind: 'health' },
  { id: 'police-northshire', name: 'Northshire Police', kind: 'police' },
] as const;

/** Percentages of each type after the ChildRegistered. */
const MIX: ReadonlyArray<[string, number]> = [
  ['ConcernRaised', 24], ['VisitCompleted', 12], ['AppointmentMissed', 10], ['InformationShared', 6], ['ChildVoiceRecorded', 6],
  ['ManagementOversightRecorded', 5], ['ReferralMade', 5], ['ReferralDecisionMade', 4], ['AssessmentStarted', 3], ['AssessmentCompleted', 3],
  ['VisitNoAccess', 3], ['StrategyDiscussionHeld', 2], ['ConferenceHeld', 2], ['PlanStarted', 2], ['PlanReviewed', 2], ['CoreGroupHeld', 2],
  ['PlanEnded', 1], ['EscalationRaised', 1], ['RecordCorrected', 6], ['SensitivityChanged', 1],
];
const WHEEL = MIX.flatMap(([type, weight]) => Array<string>(weight).fill(type));

/** A small seeded generator, so that every run writes the same mix. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Written { id: string; agencyId: string; type: string }

/** One child's stream as the generator knows it: what later events may point at. */
export class ChildHistory {
  readonly childId = randomUUID();
  readonly streamId = `child-${this.childId}`;
  revision = -1;
  private written = 0;
  /** Events that are rows of the chronology (not the registration, not corrections). */
  private readonly rows: Written[] = [];
  private readonly concerns: Written[] = [];
  private readonly referrals: string[] = [];
  private readonly plans: string[] = [];

  constructor(private readonly random: () => number) {}

  /** The next `count` events of this child (its ChildRegistered first). */
  next(count: number): NewEvent[] {
    const events: NewEvent[] = [];
    for (let i = 0; i < count; i++) events.push(this.written === 0 ? this.registration() : this.ordinary());
    return events;
  }

  private registration(): NewEvent {
    return this.event('ChildRegistered', AGENCIES[0].id, { dateOfBirth: '2014-05-04', householdId: `hh-${this.childId.slice(0, 8)}` }, '2014-05-10T10:00:00.000Z');
  }

  private ordinary(): NewEvent {
    let type = WHEEL[Math.floor(this.random() * WHEEL.length)];
    const agencyId = AGENCIES[Math.floor(this.random() * AGENCIES.length)].id;
    if (type === 'RecordCorrected' && this.concerns.length > 0) {
      const target = this.pick(this.concerns);
      return this.event(type, target.agencyId, { ...EVENT_EXAMPLES.RecordCorrected, correctedEventId: target.id });
    }
    if (type === 'SensitivityChanged' && this.rows.length > 0) {
      const target = this.pick(this.rows);
      return this.event(type, target.agencyId, { eventId: target.id, sensitivity: 'restricted', reason: 'Police investigation under way.' });
    }
    if (type === 'RecordCorrected' || type === 'SensitivityChanged') type = 'ConcernRaised';
    const data: Record<string, unknown> = { ...EVENT_EXAMPLES[type] };
    if (type === 'ReferralMade' && this.concerns.length > 0) data.concernIds = [this.pick(this.concerns).id];
    if (type === 'ReferralDecisionMade' && this.referrals.length > 0) data.referralId = this.pick(this.referrals);
    if ((type === 'PlanReviewed' || type === 'PlanEnded' || type === 'CoreGroupHeld') && this.plans.length > 0) data.planId = this.pick(this.plans);
    return this.event(type, agencyId, data);
  }

  private event(type: string, agencyId: string, data: Record<string, unknown>, occurredAt = this.occurredAt()): NewEvent {
    const eventId = randomUUID();
    const record = { id: eventId, agencyId, type };
    this.written += 1;
    if (type !== 'ChildRegistered' && type !== 'RecordCorrected' && type !== 'SensitivityChanged') this.rows.push(record);
    if (type === 'ConcernRaised') this.concerns.push(record);
    if (type === 'ReferralMade') this.referrals.push(eventId);
    if (type === 'PlanStarted') this.plans.push(eventId);
    return {
      eventId, type, schemaVersion: 1, occurredAt, occurredAtPrecision: occurredAt.length === 10 ? 'date' : 'date-time', data,
      // Keys in canonical (sorted) order, as the service writes them.
      metadata: { actor: { principalId: `bench-${agencyId}`, role: 'agency' }, agencyId, correlationId: randomUUID(), sensitivity: 'normal' },
    };
  }

  /** Somewhere between 2015 and November 2026: six in ten a calendar date, the rest an instant. */
  private occurredAt(): string {
    const instant = new Date(Date.UTC(2015, 0, 1) + Math.floor(this.random() * 11.85 * 365 * 86_400_000)).toISOString();
    return this.random() < 0.6 ? instant.slice(0, 10) : instant;
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }
}

/**
 * `children` children of `perChild` events each, written in rounds of `batch` events per child (so the
 * children interleave in the global order as they would in life), `writers` appends in flight; and one
 * child of `bigChild` events written alongside in batches of 50. Returns the big child and the others.
 */
export async function writeHistory(
  store: EventStore, options: { children: number; perChild: number; bigChild: number; batch: number; writers: number },
): Promise<{ big: ChildHistory; children: ChildHistory[] }> {
  const random = seededRandom(5);
  const histories = Array.from({ length: options.children }, () => new ChildHistory(random));
  const big = new ChildHistory(random);
  const appendTo = async (history: ChildHistory, count: number) => {
    const expectedRevision = history.revision < 0 ? 'no_stream' : history.revision;
    const result = await store.append(history.streamId, history.next(count), { expectedRevision });
    history.revision = result.lastRevision;
  };
  const bigChild = async () => {
    for (let written = 0; written < options.bigChild; written += 50) await appendTo(big, Math.min(50, options.bigChild - written));
  };
  const others = async () => {
    for (let written = 0; written < options.perChild; written += options.batch) {
      const count = Math.min(options.batch, options.perChild - written);
      let next = 0;
      await Promise.all(Array.from({ length: options.writers }, async () => {
        while (next < histories.length) await appendTo(histories[next++], count);
      }));
    }
  };
  await Promise.all([bigChild(), others()]);
  return { big, children: histories };
}
