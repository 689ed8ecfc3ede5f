import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import type { ChronologyEntry } from '../../projections/chronology/chronology-entry';
import { CHRONOLOGY_CSV_HEADERS, csvCell, writeChronologyCsv } from './chronology-csv';
import { writeChronologyPdf } from './chronology-pdf';
import { eventTypeText, toWinAnsi } from './export-format';

const CHILD = '6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b';

function entry(overrides: Partial<ChronologyEntry>): ChronologyEntry {
  return {
    eventId: '00000000-0000-4000-8000-000000000000', childId: CHILD, revision: 1, position: 1,
    occurredAt: '2024-05-01', occurredAtPrecision: 'date', recordedAt: '2024-05-02T09:00:00.000Z', recordedAtKnown: true,
    recordingLag: 1, agencyId: 'hv', agencyName: 'Health Visiting', type: 'VisitCompleted', summary: 'Home visit completed.',
    significance: 'neutral', action: null, outcome: null, provenance: 'live', importedAt: null, sensitivity: 'normal',
    relatedEvents: [], correctedBy: [], corrections: [], ...overrides,
  };
}

const entries: ChronologyEntry[] = [
  entry({
    // British Summer Time: 23:30 UTC is 00:30 the next day in London.
    occurredAt: '2024-03-31T23:30:00.000Z', occurredAtPrecision: 'date-time', recordedAt: '2024-04-02T08:15:00.000Z', recordingLag: 1,
    agencyId: 'police', agencyName: 'Northshire Police, Public Protection', type: 'ConcernRaised',
    summary: 'Neighbour said "shouting, again"\nand a door slammed', significance: 'concern', action: 'Strategy discussion', outcome: null,
  }),
  entry({
    // Greenwich Mean Time: London is UTC.
    occurredAt: '2024-01-10T23:30:00.000Z', occurredAtPrecision: 'date-time', recordedAt: '2024-01-11T10:00:00.000Z', recordingLag: 1,
    agencyId: 'la-childrens-services', agencyName: null, type: 'ReferralDecisionMade',
    summary: '=HYPERLINK("http://evil.example","click")', significance: 'neutral', action: '+44 7700 900123 called', outcome: '@SUM(A1)',
  }),
  entry({
    occurredAt: '2019-03-05', recordedAt: '2019-03-05T00:00:00.000Z', recordedAtKnown: false, recordingLag: null, provenance: 'imported',
    importedAt: '2024-06-01T12:00:00.000Z', agencyId: 'gp', agencyName: 'Przychodnia Łódź', type: 'LadoReferralMade',
    summary: 'Zofia Wójcik 👶🏽 seen with أحمد', significance: 'protective', action: null, outcome: '-',
  }),
  entry({ summary: '\tindented, then\r\nwindows line end' }),
];

class Sink extends Writable {
  readonly chunks: Buffer[] = [];
  largestBacklog = 0;
  constructor(private readonly slow = false) {
    super({ highWaterMark: 64 });
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.largestBacklog = Math.max(this.largestBacklog, this.writableLength);
    this.chunks.push(chunk);
    if (this.slow) setImmediate(done);
    else done();
  }
  get bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

async function* slowly<T>(items: Iterable<T>): AsyncGenerator<T> {
  for (const item of items) {
    await new Promise((resolve) => setImmediate(resolve));
    yield item;
  }
}

async function* failingAfter(count: number): AsyncGenerator<ChronologyEntry> {
  yield* entries.slice(0, count);
  throw new Error('database went away');
}

describe('chronology CSV', () => {
  it('given rows with commas, quotes, newlines, formulas and unicode, when written, then they read back exactly', async () => {
    const out = new Sink();
    await expect(writeChronologyCsv(entries, out)).resolves.toBe(4);
    const text = out.bytes.toString('utf8');
    expect(text.startsWith('\uFEFFDate,Agency,Event,Summary,')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(out.writableFinished).toBe(true);
    expect(parse(text, { bom: true })).toEqual([
      [...CHRONOLOGY_CSV_HEADERS],
      ['01/04/2024 00:30', 'Northshire Police, Public Protection', 'Concern raised', 'Neighbour said "shouting, again"\nand a door slammed', 'concern', 'Strategy discussion', '', '02/04/2024 09:15', '1', 'live'],
      ['10/01/2024 23:30', 'la-childrens-services', 'Referral decision made', `'=HYPERLINK("http://evil.example","click")`, 'neutral', "'+44 7700 900123 called", "'@SUM(A1)", '11/01/2024 10:00', '1', 'live'],
      ['05/03/2019', 'Przychodnia Łódź', 'LADO referral made', 'Zofia Wójcik 👶🏽 seen with أحمد', 'protective', '', "'-", 'Not known', '', 'imported'],
      ['01/05/2024', 'Health Visiting', 'Visit completed', "'\tindented, then\r\nwindows line end", 'neutral', '', '', '02/05/2024 10:00', '1', 'live'],
    ]);
  });

  it('given an empty chronology, when written, then only the header row is', async () => {
    const out = new Sink();
    await expect(writeChronologyCsv([], out)).resolves.toBe(0);
    expect(out.bytes.toString('utf8')).toBe('\uFEFFDate,Agency,Event,Summary,Significance,Action,Outcome,Recorded at,Recording lag (working days),Provenance\r\n');
  });

  it.each([
    ['plain', 'plain'],
    ['a, b', '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\nbreak', '"line\nbreak"'],
    ['=1+1', "'=1+1"],
    ['=A1,"x"', `"'=A1,""x"""`],
    ['\rcarriage', `"'\rcarriage"`],
    ['', ''],
  ])('given the cell %j, then it is written as %j', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('given a slow reader, when written, then it waits for the reader to drain', async () => {
    const out = new Sink(true);
    const many = Array.from({ length: 500 }, (_, index) => entry({ summary: `Row ${index} `.padEnd(200, 'x') }));
    await expect(writeChronologyCsv(many, out)).resolves.toBe(500);
    expect(parse(out.bytes.toString('utf8'), { bom: true })).toHaveLength(501);
    expect(out.largestBacklog).toBeLessThan(1_000); // the whole export is over 100 kB: it never piled up
  });

  it('given the entries fail part way, when written, then it rejects and the reader is destroyed, not ended', async () => {
    const out = new Sink();
    await expect(writeChronologyCsv(failingAfter(2), out)).rejects.toThrow('database went away');
    expect(out.destroyed).toBe(true);
    expect(out.writableFinished).toBe(false);
  });

  it('given end: false, when written, then the reader stays open for more', async () => {
    const out = new Sink();
    await writeChronologyCsv(entries.slice(0, 1), out, { end: false });
    expect(out.writableEnded).toBe(false);
    out.end();
  });

  it.each([
    ['ReferralDecisionMade', 'Referral decision made'],
    ['ConcernRaised', 'Concern raised'],
    ['LadoReferralMade', 'LADO referral made'],
    ['MASHReferralReceived', 'MASH referral received'],
  ])('words the event type %s as %j', (type, words) => {
    expect(eventTypeText(type)).toBe(words);
  });
});

// Windows-1252 at 0x80-0x9F (Node 20's TextDecoder drops these bytes, so the test decodes them itself).
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

function winAnsiDecode(bytes: Buffer): string {
  return [...bytes].map((byte) => (byte >= 0x80 && byte < 0xa0 ? CP1252_HIGH[byte - 0x80] : String.fromCharCode(byte))).join('');
}

/** The text of each page, one string per drawn line, from an uncompressed pdfkit PDF. */
function pdfPages(pdf: Buffer): string[][] {
  const text = pdf.toString('latin1');
  const objects = new Map([...text.matchAll(/(\d+) 0 obj\n([\s\S]*?)\nendobj/g)].map((m) => [Number(m[1]), m[2]]));
  const pages = [...objects.values()].find((body) => /\/Type \/Pages\b/.test(body))!;
  const kids = [.../\/Kids \[([^\]]*)\]/.exec(pages)![1].matchAll(/(\d+) 0 R/g)].map((m) => Number(m[1]));
  return kids.map((kid) => {
    const contents = objects.get(Number(/\/Contents (\d+) 0 R/.exec(objects.get(kid)!)![1]))!;
    const stream = /stream\n([\s\S]*?)\nendstream/.exec(contents)![1];
    // pdfkit draws standard-font text as TJ arrays of hex strings broken by kerning numbers.
    return [...stream.matchAll(/\[([^\]]*)\] TJ/g)].map((m) =>
      winAnsiDecode(Buffer.from([...m[1].matchAll(/<([0-9a-f]*)>/gi)].map((hex) => hex[1]).join(''), 'hex')),
    );
  });
}

const HEADER = { childId: CHILD, asOf: '2024-08-01', generatedAt: new Date('2024-08-02T14:03:00.000Z') };

async function pdfOf(rows: AsyncIterable<ChronologyEntry> | Iterable<ChronologyEntry>): Promise<{ pdf: Buffer; pages: string[][]; count: number }> {
  const out = new Sink();
  const count = await writeChronologyPdf(HEADER, rows, out, { compress: false });
  return { pdf: out.bytes, pages: pdfPages(out.bytes), count };
}

/** Tokens `r<row>w<word>` make each row's words findable on whichever page and line they land. */
function taggedRow(row: number, words: number): ChronologyEntry {
  const summary = Array.from({ length: words }, (_, word) => `r${row}w${word}`).join(' ');
  return entry({ eventId: `row-${row}`, summary });
}

function rowsOn(page: string[]): number[] {
  return [...new Set([...page.join(' ').matchAll(/\br(\d+)w\d+\b/g)].map((m) => Number(m[1])))];
}

describe('chronology PDF', () => {
  it('given a few rows, when written, then it is a whole PDF with the title block, markings and every summary', async () => {
    const { pdf, pages, count } = await pdfOf(slowly(entries));
    expect(count).toBe(4);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1').trimEnd().endsWith('%%EOF')).toBe(true);
    expect(pages).toHaveLength(1);
    const lines = pages[0];
    expect(lines.filter((line) => line === 'OFFICIAL-SENSITIVE')).toHaveLength(2);
    expect(lines).toEqual(expect.arrayContaining([
      'Multi-agency chronology', `Child: ${CHILD}`, 'As known on 01/08/2024', 'Generated 02/08/2024 15:03 (UK time)', 'Page 1',
      'Date', 'Agency', 'Summary', 'Significance', 'Action/Outcome', 'Recorded', 'Lag',
      '01/04/2024 00:30', '10/01/2024 23:30', '05/03/2019', 'Concern', 'Protective', 'Not known', 'Imported',
      'Outcome: @SUM(A1)', 'Action: Strategy discussion',
    ]));
    const text = lines.join(' ');
    expect(text).toContain('Neighbour said "shouting, again" and a door slammed');
    expect(text).toContain('=HYPERLINK("http://evil.example","click")');
    expect(text).toContain('Zofia Wójcik ?? seen with ????');
    expect(text).toContain('Przychodnia ?ód?');
    expect(text).toContain('indented, then windows line end');
  });

  it('given 300 one-line rows, when written, then they fill 10 pages, each numbered and marked, with the table header repeated', async () => {
    // A one-line row is 15.6pt: 28 fit under the title block, 32 on later pages, so 28 + 8 × 32 + 16.
    const { pdf, pages, count } = await pdfOf(slowly(Array.from({ length: 300 }, (_, row) => taggedRow(row, 3))));
    expect(count).toBe(300);
    expect(pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g)).toHaveLength(10);
    expect(pdf.toString('latin1')).toContain('/Count 10');
    expect(pages.map((page) => rowsOn(page).length)).toEqual([28, 32, 32, 32, 32, 32, 32, 32, 32, 16]);
    expect(pages.flatMap(rowsOn)).toEqual(Array.from({ length: 300 }, (_, row) => row));
    pages.forEach((page, index) => {
      expect(page.filter((line) => line === 'OFFICIAL-SENSITIVE')).toHaveLength(2);
      expect(page).toEqual(expect.arrayContaining([`Page ${index + 1}`, 'Date', 'Summary', 'Lag']));
    });
  });

  it('given rows of many lines, when written, then no row is split across pages', async () => {
    const rows = Array.from({ length: 120 }, (_, row) => taggedRow(row, 1 + ((row * 37) % 90)));
    const { pages } = await pdfOf(rows);
    expect(pages.length).toBeGreaterThan(3);
    const pageOfRow = new Map<number, number>();
    pages.forEach((page, index) => {
      for (const row of rowsOn(page)) {
        expect(pageOfRow.has(row)).toBe(false);
        pageOfRow.set(row, index);
      }
    });
    expect([...pageOfRow.keys()]).toEqual(rows.map((_, row) => row));
    const allWords = pages.flatMap((page) => [...page.join(' ').matchAll(/\br\d+w\d+\b/g)].map((m) => m[0]));
    expect(allWords).toEqual(rows.flatMap((row) => row.summary.split(' ')));
  });

  it('given a row taller than a page, when written, then it goes on over the next page, marked continued, losing nothing', async () => {
    const { pages } = await pdfOf([taggedRow(1, 2), taggedRow(2, 2_000), taggedRow(3, 2)]);
    expect(pages.length).toBeGreaterThan(3);
    // Row 2 starts on a page of its own rather than under row 1, and every later page carries it on.
    expect(pages.slice(0, 2).map(rowsOn)).toEqual([[1], [2]]);
    expect(pages.map((page) => page.includes('(continued)'))).toEqual(pages.map((_, index) => index >= 2));
    const words = pages.flatMap((page) => [...page.join(' ').matchAll(/\br\d+w\d+\b/g)].map((m) => m[0]));
    expect(words).toEqual([taggedRow(1, 2), taggedRow(2, 2_000), taggedRow(3, 2)].flatMap((row) => row.summary.split(' ')));
  });

  it('given an empty chronology, when written, then one page says there are no events', async () => {
    const { pages, count } = await pdfOf([]);
    expect(count).toBe(0);
    expect(pages).toHaveLength(1);
    expect(pages[0]).toEqual(expect.arrayContaining(['Multi-agency chronology', 'Page 1', 'No events recorded.']));
  });

  it('given the entries fail part way, when written, then it rejects and leaves no complete-looking PDF', async () => {
    const out = new Sink();
    await expect(writeChronologyPdf(HEADER, failingAfter(2), out)).rejects.toThrow('database went away');
    expect(out.destroyed).toBe(true);
    expect(out.bytes.toString('latin1')).not.toContain('%%EOF');
  });

  it('given the reader fails part way, when written, then it stops and rejects with the reader\'s error', async () => {
    const out = new Writable({ write: (_chunk, _encoding, done) => done(new Error('client went away')) });
    let drawn = 0;
    async function* counted(): AsyncGenerator<ChronologyEntry> {
      for (let row = 0; row < 2_000; row += 1) {
        drawn += 1;
        await new Promise((resolve) => setImmediate(resolve));
        yield taggedRow(row, 3);
      }
    }
    await expect(writeChronologyPdf(HEADER, counted(), out)).rejects.toThrow('client went away');
    expect(drawn).toBeLessThan(2_000);
    await expect(writeChronologyCsv(entries, new Writable({ write: (_chunk, _encoding, done) => done(new Error('disk full')) }))).rejects.toThrow('disk full');
  });

  it('given the default options, when written, then the content is compressed', async () => {
    const out = new Sink();
    await writeChronologyPdf(HEADER, entries, out);
    expect(out.bytes.toString('latin1')).toContain('/Filter /FlateDecode');
  });
});

describe('text for the standard PDF fonts', () => {
  it.each([
    ['plain ASCII', 'plain ASCII'],
    ['café Wójcik Zoë', 'café Wójcik Zoë'],
    ['€5 – “quoted” • ‘ok’ … Š ž Ÿ', '€5 – “quoted” • ‘ok’ … Š ž Ÿ'],
    ['Łódź', '?ód?'],
    ['أحمد', '????'],
    ['baby 👶🏽!', 'baby ??!'],
    ['family 👨‍👩‍👧', 'family ???'],
    ['o\u0301 composed', 'ó composed'],
    ['a\r\nb\rc\u2028d', 'a\nb\nc\nd'],
    ['tab\there\u0000', 'tab here '],
    ['zero\u200Bwidth\uFE0F', 'zerowidth'],
  ])('given %j, then it becomes %j', (input, expected) => {
    expect(toWinAnsi(input)).toBe(expected);
  });

  it('given every character it keeps, when drawn, then pdfkit writes each back as the same character', async () => {
    const kept = Array.from({ length: 0x17f }, (_, code) => String.fromCodePoint(code)).join('') + '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';
    const printable = [...toWinAnsi(kept)].filter((character) => character !== '?' && character.trim() !== '').join('');
    const { pages } = await pdfOf([entry({ summary: printable.match(/.{1,20}/g)!.join('\n') })]);
    expect(pages[0].join('')).toContain(printable.match(/.{1,20}/g)!.join(''));
  });
});
