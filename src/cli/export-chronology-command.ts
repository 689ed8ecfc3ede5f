import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { INestApplicationContext } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { childIdFromPath } from '../children/stream/child-id';
import { exportChronology } from '../review/chronology/chronology-export';
import { endOf } from '../review/review-request';

/**
 * `export-chronology <childId> [--as-of] [--format csv|pdf] [--out file]`: the same export as the API,
 * read as an auditor would (every event, content included). Child data goes to the file or stdout only.
 */
export async function exportChronologyCommand(context: INestApplicationContext, childId: string, options: { asOf?: string; format: string; out?: string }): Promise<number> {
  if (options.format !== 'csv' && options.format !== 'pdf') throw new Error('--format must be csv or pdf');
  const request = {
    childId: childIdFromPath(childId), viewer: { role: 'auditor' as const }, asOf: endOf('asOf', options.asOf), window: {}, limit: 1000,
  };
  const stream = await exportChronology(context.get(QueryBus), request, options.format, options.asOf ?? null);
  const out: Writable = options.out ? createWriteStream(options.out) : process.stdout;
  await pipeline(stream, out, { end: !!options.out });
  if (options.out) console.error(`Wrote ${options.out}`);
  return 0;
}
