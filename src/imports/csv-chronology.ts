import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

/**
 * Which spreadsheet column holds each part of a chronology row. `date` and `text` are required;
 * the child comes from a column (`nhsNumber` or `childId`) or is given for the whole file.
 */
export interface ChronologyMapping {
  date: string;
  text: string;
  category?: string;
  reference?: string;
  nhsNumber?: string;
  childId?: string;
}

export interface ChronologyOptions {
  mapping: ChronologyMapping;
  agencyId: string;
  /** For a spreadsheet about one child. */
  childId?: string;
  /** Names the source in each event's sourceReference, and makes re-runs idempotent. */
  sourceName: string;
}

const UK_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** `2014-03-11`, or the UK spreadsheet form `11/03/2014` (day first); anything else is passed on to be refused. */
export function chronologyDate(value: string): string {
  const trimmed = value.trim();
  const uk = UK_DATE.exec(trimmed);
  return uk ? `${uk[3]}-${uk[2].padStart(2, '0')}-${uk[1].padStart(2, '0')}` : trimmed;
}

/**
 * Turns a chronology spreadsheet (CSV with a header row) into import lines of HistoricalNoteImported,
 * one per row. A row's event id is derived from the agency, the source and the row's reference (or
 * its row number), so importing the same spreadsheet again adds nothing twice.
 */
export async function* chronologyLines(file: string, options: ChronologyOptions): AsyncGenerator<string> {
  const rows = createReadStream(file).pipe(parse({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: true, trim: false }));
  let rowNumber = 1; // the header is row 1
  for await (const row of rows as AsyncIterable<Record<string, string>>) {
    rowNumber += 1;
    const { mapping } = options;
    const reference = (mapping.reference && row[mapping.reference]?.trim()) || `row ${rowNumber}`;
    const child = options.childId
      ? { childId: options.childId }
      : mapping.nhsNumber ? { nhsNumber: row[mapping.nhsNumber]?.replace(/\s/g, '') } : { childId: row[mapping.childId ?? '']?.trim() };
    const category = mapping.category ? row[mapping.category]?.trim() : undefined;
    const date = chronologyDate(row[mapping.date] ?? '');
    yield JSON.stringify({
      ...child,
      agencyId: options.agencyId,
      eventId: derivedEventId(`${options.agencyId}\n${options.sourceName}\n${reference}`),
      type: 'HistoricalNoteImported',
      occurredAt: date,
      data: {
        date,
        agency: options.agencyId,
        ...(category ? { category } : {}),
        text: row[mapping.text] ?? '',
        sourceReference: `${options.sourceName} ${reference}`.slice(0, 500),
      },
    });
  }
}

/** A UUID (version 8 layout) from a SHA-256 of the source reference: the same row always gets the same id. */
export function derivedEventId(source: string): string {
  const hex = createHash('sha256').update(source).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** `date=Date,text=Entry,category=Type` into a mapping. */
export function parseMapping(text: string): ChronologyMapping {
  const mapping = Object.fromEntries(text.split(',').map((pair) => pair.split('=').map((part) => part.trim())).filter((pair) => pair.length === 2 && pair[0] && pair[1]));
  if (!mapping.date || !mapping.text) throw new Error('The column mapping needs at least date=<column> and text=<column>');
  const known = ['date', 'text', 'category', 'reference', 'nhsNumber', 'childId'];
  const unknown = Object.keys(mapping).filter((key) => !known.includes(key));
  if (unknown.length) throw new Error(`Unknown mapping keys: ${unknown.join(', ')} (known: ${known.join(', ')})`);
  return mapping as unknown as ChronologyMapping;
}
