import type { Significance } from './chronology-entry';

/** An event's data as it may really arrive: every declared field possibly missing or of another shape. */
export type Fields<T> = { readonly [K in keyof T]?: unknown };

/** What a describer says about one event; `relatedEvents` come from its `refs`. */
export interface Described {
  summary: string;
  /** Overrides the type's significance when the data says more (a decision, whether the child was seen). */
  significance?: Significance;
  action?: string | null;
  outcome?: string | null;
}

export interface Describer {
  /** What the type alone says: used as is when the content is withheld. */
  significance: Significance;
  /** The data fields holding other events' ids (EventRef / EventRefList), in field order. */
  refs: readonly string[];
  describe(data: Record<string, unknown>, agencyId: string): Described;
}

/** Declares a describer against the event's data class, so field names are checked by the compiler. */
export function describer<T>(significance: Significance, refs: ReadonlyArray<keyof T & string>, describe: (data: Fields<T>, agencyId: string) => Described): Describer {
  return { significance, refs, describe: describe as Describer['describe'] };
}

const SUMMARY_TEXT_LIMIT = 300;
const COLUMN_TEXT_LIMIT = 1000;

/** Practitioner free text on one line, cut at a word near `limit` characters with an ellipsis; null when absent. */
export function clip(value: unknown, limit = SUMMARY_TEXT_LIMIT): string | null {
  if (typeof value !== 'string') return null;
  const text = value.replace(/\s+/g, ' ').trim();
  if (text.length === 0) return null;
  if (text.length <= limit) return text;
  const cut = text.slice(0, limit - 1);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > limit * 0.8 ? cut.slice(0, lastSpace) : cut).replace(/[\s,;:.-]+$/, '')}…`;
}

/** Free text for the CSV Action / Outcome columns: a longer limit than the summary's. */
export const column = (value: unknown): string | null => clip(value, COLUMN_TEXT_LIMIT);

/** A vocabulary value in words: from `wording` when it needs explaining, else its hyphens as spaces. */
export function words(value: unknown, wording: Readonly<Record<string, string>> = {}): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  return Object.hasOwn(wording, value) ? wording[value] : value.trim().replace(/[-_]+/g, ' ');
}

/** Several values as "a, b and c" (duplicates dropped); null when there are none. */
export function list(values: unknown, wording: Readonly<Record<string, string>> = {}): string | null {
  if (!Array.isArray(values)) return null;
  const phrases = [...new Set(values.map((value) => words(value, wording)).filter((phrase): phrase is string => phrase !== null))];
  if (phrases.length <= 1) return phrases[0] ?? null;
  return `${phrases.slice(0, -1).join(', ')} and ${phrases[phrases.length - 1]}`;
}

export const flag = (value: unknown): boolean | null => (typeof value === 'boolean' ? value : null);

export const count = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** An agency or setting id, shown as recorded (it is how the agency is known in the chronology). */
export const agency = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `2026-07-15` as "15 July 2026"; any other text as given (trimmed); null when absent. */
export function date(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  const month = match ? MONTHS[Number(match[2]) - 1] : undefined;
  return match && month ? `${Number(match[3])} ${month} ${match[1]}` : clip(value, 40);
}

/** Joins the sentences that are present, each ending in a full stop (or the ! ? … it already has). */
export function sentences(...parts: Array<string | null | undefined | false>): string {
  return parts
    .filter((part): part is string => typeof part === 'string' && part.trim() !== '')
    .map((part) => (/[.!?…]$/.test(part.trim()) ? part.trim() : `${part.trim()}.`))
    .join(' ');
}

/** "Label: text" when the text is there, else nothing. */
export const labelled = (label: string, text: string | null): string | null => (text === null ? null : `${label}: ${text}`);

/** "phrase: text" when the text is there, else just the phrase. */
export const withText = (phrase: string, text: string | null): string => (text === null ? phrase : `${phrase}: ${text}`);

/** "A phrase" or "An phrase", by its first letter (good enough for this vocabulary). */
export const article = (phrase: string): string => (/^[aeiou]/i.test(phrase) ? `An ${phrase}` : `A ${phrase}`);

export const capitalised = (text: string | null): string | null => (text === null ? null : text.charAt(0).toUpperCase() + text.slice(1));

// Shared vocabularies (../../children/catalogue/vocabularies.ts) that read better with a word of explanation.

export const CONCERN_CATEGORY_WORDS: Readonly<Record<string, string>> = {
  physical: 'physical abuse',
  sexual: 'sexual abuse',
  emotional: 'emotional abuse',
  other: 'other concerns',
};

export const AGENCY_KIND_WORDS: Readonly<Record<string, string>> = { other: 'other agencies' };

export const PLAN_TYPE_WORDS: Readonly<Record<string, string>> = {
  'early-help': 'early help plan',
  'child-in-need': 'child in need plan',
  'child-protection': 'child protection plan',
  'looked-after': 'care plan (the child is looked after by the local authority)',
};

/** The agency kinds of a list of participants ({ agency, agencyKind, role }), in words. */
export function participantKinds(participants: unknown): string | null {
  if (!Array.isArray(participants)) return null;
  const kinds = participants.map((participant) => (typeof participant === 'object' && participant !== null ? (participant as { agencyKind?: unknown }).agencyKind : undefined));
  return list(kinds, AGENCY_KIND_WORDS);
}
