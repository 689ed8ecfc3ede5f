import PDFDocument from 'pdfkit';
import { pipeline } from 'node:stream/promises';
import type { ChronologyEntry } from '../../projections/chronology/chronology-entry';
import { agencyText, eventTypeText, occurredAtText, recordedAtText, toWinAnsi, ukDate, ukDateTime } from './export-format';

export interface ChronologyPdfHeader {
  childId: string;
  /** The `asOf` the chronology was read at, if any: the PDF then says what was known on that date. */
  asOf: string | null;
  generatedAt: Date;
  title?: string;
}

export interface ChronologyPdfOptions {
  /** Deflate the content streams (the default); tests turn it off to read the text. */
  compress?: boolean;
  /** End `out` when the PDF is written (the default), as `pipe` does. */
  end?: boolean;
}

// UK Government Security Classifications: the marking safeguarding records carry, top and bottom of every page.
const MARKING = 'OFFICIAL-SENSITIVE';
const PAGE = { width: 841.89, height: 595.28 }; // A4 landscape, in points
const MARGIN = 36;
const BODY_BOTTOM = PAGE.height - MARGIN;
const FONT_SIZE = 8;
const LINE = FONT_SIZE * 1.2;
const PAD = 3;
const COLUMNS: { title: string; width: number }[] = [
  { title: 'Date', width: 76 },
  { title: 'Agency', width: 88 },
  { title: 'Event', width: 88 },
  { title: 'Summary', width: 0 }, // the rest of the page: set below
  { title: 'Significance', width: 58 },
  { title: 'Action/Outcome', width: 124 },
  { title: 'Recorded', width: 76 },
  { title: 'Lag', width: 26 },
];
COLUMNS[3].width = PAGE.width - 2 * MARGIN - COLUMNS.reduce((sum, column) => sum + column.width, 0);

/** One row's cells, in {@link COLUMNS} order, before wrapping. */
function rowCells(entry: ChronologyEntry): string[] {
  const actionOutcome = [entry.action && `Action: ${entry.action}`, entry.outcome && `Outcome: ${entry.outcome}`].filter(Boolean);
  return [
    occurredAtText(entry.occurredAt, entry.occurredAtPrecision),
    agencyText(entry),
    eventTypeText(entry.type) + (entry.corrections.length > 0 ? '\n(corrected)' : ''),
    entry.summary,
    entry.significance.charAt(0).toUpperCase() + entry.significance.slice(1),
    actionOutcome.join('\n'),
    recordedAtText(entry) + (entry.provenance === 'imported' ? '\nImported' : ''),
    entry.recordingLag === null ? '' : String(entry.recordingLag),
  ];
}

/** Lays the chronology out page by page: a row moves whole to the next page unless it is taller than a page. */
class ChronologyLayout {
  private page = 0;
  private y = MARGIN;
  private rowsOnPage = 0;

  constructor(private readonly doc: PDFKit.PDFDocument, private readonly header: ChronologyPdfHeader) {}

  row(cells: string[]): void {
    this.doc.font('Helvetica').fontSize(FONT_SIZE);
    const lines = cells.map((text, column) => this.wrap(text, COLUMNS[column].width - 2 * PAD));
    const total = Math.max(...lines.map((cell) => cell.length));
    for (let from = 0; from < total; ) {
      const room = Math.floor((BODY_BOTTOM - this.y - 2 * PAD) / LINE);
      if (this.page === 0 || (room < total - from && this.rowsOnPage > 0)) {
        this.newPage();
        continue;
      }
      const to = Math.min(total, from + Math.max(1, room));
      // A row taller than a whole page goes on over the next: say so where its date would be.
      const chunk = lines.map((cell, column) => (from > 0 && column === 0 ? ['(continued)'] : cell.slice(from, to)));
      this.cells(chunk, (to - from) * LINE + 2 * PAD, 'Helvetica');
      this.rowsOnPage += 1;
      from = to;
      if (from < total) this.newPage();
    }
  }

  /** The first page when there are no rows, saying so. */
  finish(rows: number): void {
    if (rows > 0) return;
    if (this.page === 0) this.newPage();
    this.doc.font('Helvetica-Oblique').fontSize(FONT_SIZE).text('No events recorded.', MARGIN + PAD, this.y + PAD, { lineBreak: false });
  }

  private newPage(): void {
    const doc = this.doc;
    doc.addPage();
    this.page += 1;
    this.rowsOnPage = 0;
    doc.font('Helvetica-Bold').fontSize(9);
    for (const y of [16, PAGE.height - 24]) this.centred(MARKING, y);
    doc.font('Helvetica').fontSize(FONT_SIZE);
    const number = `Page ${this.page}`;
    doc.text(number, PAGE.width - MARGIN - doc.widthOfString(number), PAGE.height - 23, { lineBreak: false });
    this.y = MARGIN;
    if (this.page === 1) this.titleBlock();
    doc.font('Helvetica-Bold').fontSize(FONT_SIZE);
    const titles = COLUMNS.map((column) => this.wrap(column.title, column.width - 2 * PAD));
    const height = Math.max(...titles.map((cell) => cell.length)) * LINE + 2 * PAD;
    doc.rect(MARGIN, this.y, PAGE.width - 2 * MARGIN, height).fill('#e4e4e4').fillColor('black');
    this.cells(titles, height, 'Helvetica-Bold');
  }

  private titleBlock(): void {
    const { doc, header } = this;
    doc.font('Helvetica-Bold').fontSize(16).text(toWinAnsi(header.title ?? 'Multi-agency chronology'), MARGIN, this.y, { lineBreak: false });
    this.y += 24;
    const facts = [`Child: ${header.childId}`, header.asOf ? `As known on ${ukDate(header.asOf)}` : '', `Generated ${ukDateTime(header.generatedAt)} (UK time)`];
    doc.font('Helvetica').fontSize(9);
    for (const fact of facts.filter(Boolean)) {
      doc.text(toWinAnsi(fact), MARGIN, this.y, { lineBreak: false });
      this.y += 12;
    }
    this.y += 8;
  }

  /** Draws cells of already wrapped lines at the current y, then a rule `height` points below. */
  private cells(lines: string[][], height: number, font: string): void {
    const doc = this.doc.font(font).fontSize(FONT_SIZE);
    let x = MARGIN;
    lines.forEach((cell, column) => {
      cell.forEach((line, index) => doc.text(line, x + PAD, this.y + PAD + index * LINE, { lineBreak: false }));
      x += COLUMNS[column].width;
    });
    this.y += height;
    doc.moveTo(MARGIN, this.y).lineTo(PAGE.width - MARGIN, this.y).lineWidth(0.5).strokeColor('#999999').stroke();
  }

  private centred(text: string, y: number): void {
    this.doc.text(text, (PAGE.width - this.doc.widthOfString(text)) / 2, y, { lineBreak: false });
  }

  /** Greedy word wrap in the current font; a word wider than the cell is broken between characters. */
  private wrap(text: string, width: number): string[] {
    const lines: string[] = [];
    for (const paragraph of toWinAnsi(text).trim().split('\n')) {
      let line = '';
      for (const word of paragraph.split(/ +/)) {
        const candidate = line ? `${line} ${word}` : word;
        if (this.doc.widthOfString(candidate) <= width) {
          line = candidate;
          continue;
        }
        if (line) lines.push(line);
        line = '';
        for (const character of word) {
          if (line && this.doc.widthOfString(line + character) > width) {
            lines.push(line);
            line = '';
          }
          line += character;
        }
      }
      lines.push(line);
    }
    return lines;
  }
}

/**
 * Streams a child's chronology as an A4 landscape PDF to `out`, drawing rows as the entries arrive
 * (pages are flushed as they fill; thousands of rows are never held at once). Resolves with the
 * number of rows once `out` has finished. If reading the entries or writing fails, the PDF is left
 * without its trailer and `out` destroyed, so a partial export never passes for a whole one.
 */
export async function writeChronologyPdf(
  header: ChronologyPdfHeader,
  entries: AsyncIterable<ChronologyEntry> | Iterable<ChronologyEntry>,
  out: NodeJS.WritableStream,
  options: ChronologyPdfOptions = {},
): Promise<number> {
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: MARGIN,
    autoFirstPage: false,
    compress: options.compress ?? true,
    info: { Title: toWinAnsi(header.title ?? 'Multi-agency chronology'), CreationDate: header.generatedAt },
  });
  const finished = pipeline(doc, out, { end: options.end ?? true });
  finished.catch(() => undefined); // awaited below; this only stops an early failure of `out` counting as unhandled
  const layout = new ChronologyLayout(doc, header);
  let rows = 0;
  try {
    for await (const entry of entries) {
      if (doc.destroyed) break; // `out` failed: `finished` rejects with why
      layout.row(rowCells(entry));
      rows += 1;
    }
    layout.finish(rows);
    doc.end();
  } catch (error) {
    doc.destroy(error instanceof Error ? error : new Error(String(error)));
    await finished.catch(() => undefined);
    throw error;
  }
  await finished;
  return rows;
}
