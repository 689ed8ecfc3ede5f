import type { Significance } from './chronology-entry';
import { ASSESSMENT_DESCRIBERS } from './event-descriptions-assessments';
import { CONTACT_DESCRIBERS } from './event-descriptions-contact';
import { ESCALATION_DESCRIBERS } from './event-descriptions-escalations';
import { PLAN_DESCRIBERS } from './event-descriptions-plans';
import { PROTECTION_DESCRIBERS } from './event-descriptions-protection';
import { RECORD_DESCRIBERS } from './event-descriptions-record';
import { REFERRAL_DESCRIBERS } from './event-descriptions-referrals';
import type { Describer } from './event-descriptions-wording';

/** How one event reads in the chronology: plain English a child's family could read (subject access). */
export interface EventDescription {
  /** One or a few plain sentences; free text cut to about 300 characters; never an NHS number or local identifier. */
  summary: string;
  significance: Significance;
  /** What was done (the CSV "Action" column), when the event says. */
  action: string | null;
  /** What came of it (the CSV "Outcome" column), when the event says. */
  outcome: string | null;
  /** Ids of the events this one refers to (its EventRef / EventRefList fields), deduplicated, in field order. */
  relatedEvents: string[];
}

/** One describer per type of the event catalogue (../../children/catalogue/event-catalogue.ts), by area. */
const DESCRIBERS: Readonly<Record<string, Describer>> = {
  ...RECORD_DESCRIBERS,
  ...REFERRAL_DESCRIBERS,
  ...ASSESSMENT_DESCRIBERS,
  ...PROTECTION_DESCRIBERS,
  ...PLAN_DESCRIBERS,
  ...CONTACT_DESCRIBERS,
  ...ESCALATION_DESCRIBERS,
};

export const DESCRIBED_EVENT_TYPES: ReadonlySet<string> = new Set(Object.keys(DESCRIBERS));

/** Type names that splitting into words alone would leave unclear. */
const TYPE_WORDS: Readonly<Record<string, string>> = {
  CPFileTransferred: 'Child protection file transferred',
  LadoReferralMade: 'LADO referral made',
};

/** `ReferralDecisionMade` as "Referral decision made", `Section47Started` as "Section 47 started". */
export function typeInWords(type: string): string {
  if (Object.hasOwn(TYPE_WORDS, type)) return TYPE_WORDS[type];
  const parts = type
    .replace(/([a-z])([A-Z0-9])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([0-9])([A-Za-z])/g, '$1 $2')
    .split(/[\s_.:-]+/)
    .filter((part) => part !== '')
    .map((part, index) => (index > 0 && !/^[A-Z0-9]{2,}$/.test(part) ? part.toLowerCase() : part));
  const text = parts.join(' ');
  return text === '' ? 'Event' : text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Describes one event for the chronology. Pure and total: `data` null (content lawfully withheld), missing or
 * malformed fields and unknown (future) types all give a readable description rather than an error.
 */
export function describeEvent(type: string, data: Record<string, unknown> | null, agencyId: string): EventDescription {
  const describer = Object.hasOwn(DESCRIBERS, type) ? DESCRIBERS[type] : undefined;
  if (describer === undefined) {
    return { summary: `${typeInWords(type)} recorded by ${agencyId}.`, significance: 'neutral', action: null, outcome: null, relatedEvents: [] };
  }
  if (data === null) {
    return { summary: `${typeInWords(type)} (content withheld).`, significance: describer.significance, action: null, outcome: null, relatedEvents: [] };
  }
  const fields = typeof data === 'object' && !Array.isArray(data) ? data : {};
  const described = describer.describe(fields, agencyId);
  return {
    summary: described.summary,
    significance: described.significance ?? describer.significance,
    action: described.action ?? null,
    outcome: described.outcome ?? null,
    relatedEvents: relatedEvents(fields, describer.refs),
  };
}

function relatedEvents(data: Record<string, unknown>, refs: readonly string[]): string[] {
  const ids = refs.flatMap((field) => [data[field]].flat()).filter((id): id is string => typeof id === 'string' && id !== '');
  return [...new Set(ids)];
}
