import { londonDate } from '../../common/time/london';
import type { RecordedEvent } from '../../ledger/event-store.port';

export interface OpenPlan { planId: string; planType: string; categories: string[]; startedOn: string; agencyId: string }
/** From a referral (or a plan or reopening when no episode is open) to its closure. */
export interface Episode { openedBy: string; openedOn: string; closedBy: string | null; closedOn: string | null; closureReason: string | null }
export interface OpenEscalation { escalationId: string; subject: string; withAgency: string; raisedBy: string; step: number; raisedOn: string }

/** Where a child's case stands, folded from the child's stream (dates are the events' occurredAt). */
export interface CaseState {
  childId: string;
  identifiers: { nhsNumber: string | null; localIds: Array<{ agency: string; id: string }> };
  dateOfBirth: string | null;
  expectedDeliveryDate: string | null;
  householdId: string | null;
  linkedChildIds: string[];
  openPlans: OpenPlan[];
  episodes: Episode[];
  counts: { events: number; concerns: number; referrals: number; reReferrals: number; closures: number; conferences: number };
  openEscalations: OpenEscalation[];
  childProtection: { status: 'never' | 'subject-to-plan' | 'plan-ended'; planId: string | null; categories: string[]; since: string | null; endedOn: string | null };
  lastReferralOn: string | null;
}

export function initialCaseState(childId: string): CaseState {
  return {
    childId, identifiers: { nhsNumber: null, localIds: [] }, dateOfBirth: null, expectedDeliveryDate: null, householdId: null,
    linkedChildIds: [], openPlans: [], episodes: [],
    counts: { events: 0, concerns: 0, referrals: 0, reReferrals: 0, closures: 0, conferences: 0 },
    openEscalations: [], childProtection: { status: 'never', planId: null, categories: [], since: null, endedOn: null }, lastReferralOn: null,
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- shapes were validated at intake by the catalogue
type Data = Record<string, any>;
type Evolver = (state: CaseState, data: Data, event: RecordedEvent) => void;

/**
 * The pure fold: the state after `event`. It never mutates its input (the projection and the
 * property test fold the same events and must agree). Events are folded as recorded; corrections
 * show in the chronology, not here (see docs/read-models.md).
 */
export function evolveCaseState(state: CaseState, event: RecordedEvent): CaseState {
  const next: CaseState = structuredClone(state);
  foldIntoCaseState(next, event);
  return next;
}

/**
 * The same fold, changing `state` itself: for a state its caller owns and nothing else sees (the
 * projection's, parsed from its row for this batch), where copying it for every event is wasted work.
 */
export function foldIntoCaseState(state: CaseState, event: RecordedEvent): void {
  state.counts.events += 1;
  if (event.data) EVOLVERS[event.type]?.(state, event.data as Data, event);
}

const EVOLVERS: Record<string, Evolver> = {
  ChildRegistered: (state, data) => {
    state.identifiers = { nhsNumber: data.nhsNumber ?? null, localIds: data.localIds ?? [] };
    state.dateOfBirth = data.dateOfBirth ?? null;
    state.expectedDeliveryDate = data.expectedDeliveryDate ?? null;
    state.householdId = data.householdId ?? null;
  },
  ChildBorn: (state, data) => {
    state.dateOfBirth = data.dateOfBirth;
    if (data.nhsNumber) state.identifiers.nhsNumber = data.nhsNumber;
  },
  HouseholdChanged: (state, data) => { state.householdId = data.householdId; },
  DuplicateRecordsLinked: (state, data) => {
    if (!state.linkedChildIds.includes(data.otherChildId)) state.linkedChildIds.push(data.otherChildId);
  },
  ConcernRaised: (state) => { state.counts.concerns += 1; },
  ReferralMade: (state, _data, event) => {
    const on = dayOf(event.occurredAt);
    state.counts.referrals += 1;
    // A re-referral: within 12 months of the previous referral (the children-in-need census definition).
    if (state.lastReferralOn && on <= addYear(state.lastReferralOn)) state.counts.reReferrals += 1;
    if (!state.lastReferralOn || on > state.lastReferralOn) state.lastReferralOn = on;
    openEpisode(state, event);
  },
  ReferralDecisionMade: (state, data, event) => {
    if ((data.decision === 'no-further-action' || data.decision === 'signpost') && state.openPlans.length === 0) {
      closeEpisode(state, event, data.decision === 'signpost' ? 'signposted' : 'no further action');
    }
  },
  ConferenceHeld: (state) => { state.counts.conferences += 1; },
  PlanStarted: (state, data, event) => {
    openEpisode(state, event);
    const categories = data.categories ?? [];
    state.openPlans.push({ planId: event.eventId, planType: data.planType, categories, startedOn: event.occurredAt, agencyId: event.metadata.agencyId ?? '' });
    if (data.planType === 'child-protection') {
      state.childProtection = { status: 'subject-to-plan', planId: event.eventId, categories, since: event.occurredAt, endedOn: null };
    }
  },
  PlanEnded: (state, data, event) => {
    const index = data.planId
      ? state.openPlans.findIndex((plan) => plan.planId === data.planId)
      : state.openPlans.map((plan) => plan.planType).lastIndexOf(data.planType);
    const ended = index >= 0 ? state.openPlans.splice(index, 1)[0] : undefined;
    if ((ended?.planType ?? data.planType) === 'child-protection' && state.childProtection.status === 'subject-to-plan'
      && !state.openPlans.some((plan) => plan.planType === 'child-protection')) {
      state.childProtection = { ...state.childProtection, status: 'plan-ended', endedOn: event.occurredAt };
    }
  },
  CaseClosed: (state, data, event) => {
    state.counts.closures += 1;
    closeEpisode(state, event, data.reason);
  },
  CaseReopened: (state, _data, event) => openEpisode(state, event),
  EscalationRaised: (state, data, event) => {
    state.openEscalations.push({ escalationId: event.eventId, subject: data.subject, withAgency: data.withAgency, raisedBy: event.metadata.agencyId ?? '', step: data.step, raisedOn: event.occurredAt });
  },
  EscalationStepAdvanced: (state, data) => {
    const escalation = state.openEscalations.find((open) => open.escalationId === data.escalationId);
    if (escalation) escalation.step = data.step;
  },
  EscalationResolved: (state, data) => {
    state.openEscalations = state.openEscalations.filter((open) => open.escalationId !== data.escalationId);
  },
};

function openEpisode(state: CaseState, event: RecordedEvent): void {
  const current = state.episodes[state.episodes.length - 1];
  if (current && current.closedBy === null) return;
  state.episodes.push({ openedBy: event.eventId, openedOn: event.occurredAt, closedBy: null, closedOn: null, closureReason: null });
}

function closeEpisode(state: CaseState, event: RecordedEvent, reason: string): void {
  const current = state.episodes[state.episodes.length - 1];
  if (!current || current.closedBy !== null) return;
  Object.assign(current, { closedBy: event.eventId, closedOn: event.occurredAt, closureReason: reason });
}

/** The Europe/London calendar date of an occurredAt (a date, or an instant). */
function dayOf(occurredAt: string): string {
  return occurredAt.length === 10 ? occurredAt : londonDate(new Date(occurredAt));
}

/** The same calendar date a year later (29 February compares as the end of February). */
function addYear(date: string): string {
  return `${Number(date.slice(0, 4)) + 1}${date.slice(4)}`;
}
