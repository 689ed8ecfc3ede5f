import { PassThrough } from 'node:stream';
import type { QueryBus } from '@nestjs/cqrs';
import type { ChronologyEntry } from '../../projections/chronology/chronology-entry';
import { writeChronologyCsv } from '../export/chronology-csv';
import { writeChronologyPdf } from '../export/chronology-pdf';
import type { ChronologyRequest } from './chronology-query';
import { ReadChronologyQuery } from './read-chronology.query';

export type ExportFormat = 'csv' | 'pdf';
const EXPORT_PAGE = 1000;

/**
 * The whole chronology (every page, filters applied) as a CSV or PDF stream. The first page is read
 * before anything is sent, so an unknown child or a refused reader still gets its 404 or 403.
 */
export async function exportChronology(queries: QueryBus, request: ChronologyRequest, format: ExportFormat, asOf: string | null): Promise<PassThrough> {
  const first = await queries.execute(new ReadChronologyQuery({ ...request, limit: EXPORT_PAGE, cursor: undefined }));
  async function* entries(): AsyncGenerator<ChronologyEntry> {
    yield* first.items;
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await queries.execute(new ReadChronologyQuery({ ...request, limit: EXPORT_PAGE, cursor }));
      yield* page.items;
      cursor = page.nextCursor;
    }
  }
  const out = new PassThrough();
  const written = format === 'csv'
    ? writeChronologyCsv(entries(), out)
    : writeChronologyPdf({ childId: request.childId, asOf, generatedAt: new Date() }, entries(), out);
  written.catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error('The export failed')));
  return out;
}
