import { call, json, summary } from './bench-service';

/*
 * The chronology read through the HTTP API: pages of a child's chronology (first and deep, by
 * cursor), the asOf replay, and the whole-chronology CSV and PDF exports.
 */

export interface PageFigures { first: ReturnType<typeof summary>; deep: ReturnType<typeof summary>; all: ReturnType<typeof summary>; pages: number; rows: number; bytesPerPage: number }

function chronologyUrl(base: string, childId: string, query: Record<string, string | undefined>): string {
  const params = Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&');
  return `${base}/v1/children/${childId}/chronology?${params}`;
}

/** Walks every page once; the cursor of each page (undefined for the first) and the number of rows. */
async function cursors(base: string, childId: string, headers: Record<string, string>, query: Record<string, string | undefined>): Promise<{ cursors: Array<string | undefined>; rows: number }> {
  const found: Array<string | undefined> = [undefined];
  let rows = 0;
  for (;;) {
    const page = await json('GET', chronologyUrl(base, childId, { ...query, cursor: found[found.length - 1] }), headers);
    rows += (page.items as unknown[]).length;
    if (!page.nextCursor) return { cursors: found, rows };
    found.push(page.nextCursor as string);
  }
}

/**
 * `requests` page reads one after another, spread evenly over the child's pages (request i reads
 * page i mod pages), after a warm-up pass over every page. Latency: request sent to last byte.
 */
export async function measurePages(base: string, childId: string, headers: Record<string, string>, query: Record<string, string | undefined>, requests: number): Promise<PageFigures> {
  const walk = await cursors(base, childId, headers, query);
  for (let i = 0; i < walk.cursors.length * 2; i++) await call('GET', chronologyUrl(base, childId, { ...query, cursor: walk.cursors[i % walk.cursors.length] }), headers);
  const first: number[] = [];
  const deep: number[] = [];
  let bytes = 0;
  for (let i = 0; i < requests; i++) {
    const page = i % walk.cursors.length;
    const response = await call('GET', chronologyUrl(base, childId, { ...query, cursor: walk.cursors[page] }), headers);
    if (response.status !== 200) throw new Error(`chronology page ${page}: ${response.status} ${response.body.toString().slice(0, 300)}`);
    (page === 0 ? first : deep).push(response.ms);
    bytes += response.body.length;
  }
  return { first: summary(first), deep: summary(deep), all: summary([...first, ...deep]), pages: walk.cursors.length, rows: walk.rows, bytesPerPage: bytes / requests };
}

export interface ExportFigures { format: string; ms: number[]; bytes: number }

/** The whole chronology as a file, `times` times in a row. */
export async function measureExport(base: string, childId: string, headers: Record<string, string>, format: 'csv' | 'pdf', times: number): Promise<ExportFigures> {
  const ms: number[] = [];
  let bytes = 0;
  for (let i = 0; i < times; i++) {
    const response = await call('GET', chronologyUrl(base, childId, { format }), headers);
    if (response.status !== 200) throw new Error(`${format} export: ${response.status} ${response.body.toString().slice(0, 300)}`);
    ms.push(response.ms);
    bytes = response.body.length;
  }
  return { format, ms, bytes };
}
