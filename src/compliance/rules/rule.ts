import type { PolicyProfile } from '../profile/policy-profile';

/** An event as the rules see it: corrections applied, times as calendar dates in Europe/London. */
export interface HistoryEvent {
  /** Where it stands in its history's timeline (rules look before and after it without searching). */
  index: number;
  eventId: string;
  type: string;
  occurredAt: string;
  /** The Europe/London calendar date it happened. */
  day: string;
  recordedAt: Date;
  recordedAtKnown: boolean;
  agencyId: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- shapes were validated at intake by the catalogue
  data: Record<string, any>;
}

/** One child's history as known at the time of judging, in timeline order. */
export interface ChildHistory {
  childId: string;
  events: HistoryEvent[];
  /** Events of siblings in the same household (R22 counts concerns about them too). */
  household: HistoryEvent[];
}

/** When and by what the history is judged. */
export interface Judgement {
  asOf: Date;
  /** The asOf's calendar date in Europe/London. */
  today: string;
  profile: PolicyProfile;
  /** For rules that judge each event on its own (`perEvent`): judge only these (the ones just recorded). */
  onlyEvents?: ReadonlySet<string>;
}

export type FindingStatus = 'open' | 'breached' | 'met';

/** What a rule found; the evaluator adds the id, the child, the profile and the guidance. */
export interface RuleFinding {
  /** Tells one finding of a rule for a child from another (usually the triggering event's id). */
  key: string;
  agencyId: string;
  status: FindingStatus;
  dueAt: string;
  breachedAt?: string;
  metAt?: string;
  evidence: string[];
  /** Plain English a reviewer can read aloud. */
  explanation: string;
  /** The day the guidance is judged at (the triggering event's). */
  judgedOn: string;
}

export interface ComplianceRule {
  id: string;
  title: string;
  /** The guidance and timescale it rests on (DOMAIN.md ids). */
  source: string;
  parameters: ReadonlyArray<keyof PolicyProfile>;
  /** The event types whose arrival can change its findings ('*': every type). A correction re-judges every rule. */
  reads: readonly string[] | '*';
  /** Each event's finding depends on that event alone (R15): a new event adds its finding and changes no other. */
  perEvent?: boolean;
  evaluate(history: ChildHistory, judgement: Judgement): RuleFinding[];
}
