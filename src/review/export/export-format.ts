import type { OccurredAtPrecision } from '../../ledger/event-store.port';
import type { ChronologyEntry } from '../../projections/chronology/chronology-entry';

// Made once: building a formatter with a time zone costs far more than using one, and an export has thousands of rows.
const LONDON_DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Words of an event type that readers expect in capitals. */
const ACRONYMS = new Map([['lado', 'LADO'], ['gp', 'GP'], ['mash', 'MASH'], ['nhs', 'NHS']]);

/** An instant as a UK reader expects it, in Europe/London time: `DD/MM/YYYY HH:mm`. An unreadable value is shown as it is. */
export function ukDateTime(instant: string | Date): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) return String(instant);
  const part: Record<string, string> = {};
  for (const { type, value } of LONDON_DATE_TIME.formatToParts(date)) part[type] = value;
  return `${part.day}/${part.month}/${part.year} ${part.hour}:${part.minute}`;
}

/** A calendar date `YYYY-MM-DD` as `DD/MM/YYYY`, or an instant as {@link ukDateTime}. */
export function ukDate(value: string): string {
  const match = CALENDAR_DATE.exec(value);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : ukDateTime(value);
}

/** When it happened: the day alone for a date, London date and time for a date-time. */
export function occurredAtText(occurredAt: string, precision: OccurredAtPrecision): string {
  return precision === 'date' ? ukDate(occurredAt) : ukDateTime(occurredAt);
}

/**
 * When it was recorded. An import without the source's recording time stores the occurrence in its
 * place: that stand-in is never shown as if it were when the record was made.
 */
export function recordedAtText(entry: Pick<ChronologyEntry, 'recordedAt' | 'recordedAtKnown'>): string {
  return entry.recordedAtKnown ? ukDateTime(entry.recordedAt) : 'Not known';
}

/** An event type in words: `ReferralDecisionMade` -> `Referral decision made`, `LadoReferralMade` -> `LADO referral made`. */
export function eventTypeText(type: string): string {
  const words = type
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_]+/)
    .filter((word) => word.length > 0);
  return words
    .map((word, index) => {
      const acronym = ACRONYMS.get(word.toLowerCase()) ?? (word.length > 1 && word === word.toUpperCase() ? word : undefined);
      if (acronym) return acronym;
      const lower = word.toLowerCase();
      return index === 0 ? lower.charAt(0).toUpperCase() + lower.slice(1) : lower;
    })
    .join(' ');
}

/** The agency as people know it, or its id when the name is not known. */
export function agencyText(entry: Pick<ChronologyEntry, 'agencyId' | 'agencyName'>): string {
  return entry.agencyName ?? entry.agencyId;
}

// What Windows-1252 (WinAnsiEncoding, the only encoding of the standard PDF fonts) holds beyond Latin-1.
const WIN_ANSI_EXTRAS = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
// Invisible: zero-width and bidirectional marks, word joiner, byte order mark, variation selectors.
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060\uFEFF\uFE00-\uFE0F]/g;

/**
 * Text the standard PDF fonts can draw: each character outside WinAnsiEncoding becomes `?` (emoji,
 * Arabic, `ł`), so odd Unicode in free text never garbles or breaks an export. Line breaks become
 * `\n`, other control characters a space; composable accents are composed first (`o` + U+0301 is `ó`).
 */
export function toWinAnsi(text: string): string {
  let result = '';
  for (const character of text.normalize('NFC').replace(/\r\n?|[\u2028\u2029]/g, '\n').replace(INVISIBLE, '')) {
    const code = character.codePointAt(0) ?? 0;
    if (character === '\n' || (code >= 0x20 && code < 0x7f) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRAS.has(character)) {
      result += character;
    } else {
      result += code < 0xa0 ? ' ' : '?';
    }
  }
  return result;
}
