import { createWriteStream } from 'node:fs';
import { userInfo } from 'node:os';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { INestApplicationContext } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { AccessLog } from '../access/access-log/access-log';
import { childIdFromPath } from '../children/stream/child-id';
import { exportChronology } from '../review/chronology/chronology-export';
import { endOf } from '../review/review-request';

/**
 * `export-chronology <childId> [--as-of] [--format csv|pdf] [--out file]`: the same export as the API,
 * read as an auditor would (every event, content included). Child data goes to the file or stdout only.
 * Like every export, it is written to the access log: by the operator's login, with the stated purpose.
 */
export async function exportChronologyCommand(context: INestApplicationContext, childId: string, options: { asOf?: string; format: string; out?: string; purpose?: string }): Promise<number> {
  if (options.format !== 'csv' && options.format !== 'pdf') throw new Error('--format must be csv or pdf');
  const purpose = options.purpose?.trim();
  if (!purpose || purpose.length > 500) throw new Error('--purpose must say why the chronology is exported (1 to 500 characters); it is kept in the access log');
  const request = {
    childId: childIdFromPath(childId), viewer: { role: 'auditor' as const }, asOf: endOf('asOf', options.asOf), window: {}, limit: 1000,
  };
  const stream = await exportChronology(context.get(QueryBus), request, options.format, options.asOf ?? null);
  const operator = { id: `cli:${userInfo().username}`, role: 'admin' as const, name: 'operator (CLI)' };
  await context.get(AccessLog).record({
    principal: operator, childId: request.childId, action: 'chronology', purpose, detail: { export: options.format, via: 'cli', ...(options.asOf ? { asOf: options.asOf } : {}) },
  });
  const out: Writable = options.out ? createWriteStream(options.out) : process.stdout;
  await pipeline(stream, out, { end: !!options.out });
  if (options.out) console.error(`Wrote ${options.out}`);
  return 0;
}
