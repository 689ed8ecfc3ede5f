import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ChronologyEntry } from '../../projections/chronology/chronology-entry';
import { agencyText, eventTypeText, occurredAtText, recordedAtText } from './export-format';

/** The chronology's CSV columns, in order (API.md "The chronology"). */
export const CHRONOLOGY_CSV_HEADERS = [
  'Date',
  'Agency',
  'Event',
  'Summary',
  'Significance',
  'Action',
  'Outcome',
  'Recorded at',
  'Recording lag (working days)',
  'Provenance',
] as const;

// Excel reads a CSV without a byte order mark as the local code page and garbles non-ASCII names.
const UTF8_BOM = '\uFEFF';
const CRLF = '\r\n';

/** One row's cell values, in {@link CHRONOLOGY_CSV_HEADERS} order, before CSV encoding. */
export function chronologyCsvCells(entry: ChronologyEntry): string[] {
  return [
    occurredAtText(entry.occurredAt, entry.occurredAtPrecision),
    agencyText(entry),
    eventTypeText(entry.type),
    entry.summary,
    entry.significance,
    entry.action ?? '',
    entry.outcome ?? '',
    recordedAtText(entry),
    entry.recordingLag === null ? '' : String(entry.recordingLag),
    entry.provenance,
  ];
}

/** One cell, safe to open in a spreadsheet and quoted as RFC 4180 requires. */
export function csvCell(value: string): string {
  // OWASP CSV injection advice: a leading = + - @ tab or CR would make a spreadsheet run the cell as a formula.
  const inert = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(inert) ? `"${inert.replace(/"/g, '""')}"` : inert;
}

/** One CSV line of cells, CRLF-terminated. */
export function csvLine(cells: readonly string[]): string {
  return cells.map(csvCell).join(',') + CRLF;
}

/** One chronology entry as a CSV line, CRLF-terminated. */
export function csvRow(entry: ChronologyEntry): string {
  return csvLine(chronologyCsvCells(entry));
}

export interface ChronologyCsvOptions {
  /** End `out` when the chronology is written (the default), as `pipe` does. */
  end?: boolean;
}

/**
 * Streams a chronology as RFC 4180 CSV (UTF-8 with a byte order mark, CRLF, a header row) to `out`,
 * one row at a time, waiting whenever `out` asks for it to drain. Resolves with the number of rows
 * written once `out` has taken them all (finished, unless `end: false`). If reading the entries or
 * writing fails, `out` is destroyed so that a partial export never looks complete, and it rejects.
 */
export async function writeChronologyCsv(
  entries: AsyncIterable<ChronologyEntry> | Iterable<ChronologyEntry>,
  out: NodeJS.WritableStream,
  options: ChronologyCsvOptions = {},
): Promise<number> {
  let rows = 0;
  async function* lines(): AsyncGenerator<string> {
    yield UTF8_BOM + csvLine(CHRONOLOGY_CSV_HEADERS);
    for await (const entry of entries) {
      rows += 1;
      yield csvRow(entry);
    }
  }
  // pipeline writes each line and awaits 'drain' whenever write() returns false; it also propagates errors both ways.
  await pipeline(Readable.from(lines(), { objectMode: false }), out, { end: options.end ?? true });
  return rows;
}
