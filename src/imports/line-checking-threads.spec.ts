import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { Principal } from '../access/principal';
import { checkLines, type LinesToCheck } from './check-lines';
import { LineCheckingThreadError, LineCheckingThreads } from './line-checking-threads';

/* The threads run the compiled script (`npm test` builds first), as the CLI does. */
const WORKER_SCRIPT = resolve('dist/src/imports/line-checking-worker.js');
const operator: Principal = { id: 'cli', role: 'admin', name: 'Operator (CLI)' };

/** 12,000 fictional lines, a few of them bad in different ways, spread over several pieces of 5,000. */
function someLines(): LinesToCheck {
  const rows = Array.from({ length: 12_000 }, (_, index) => JSON.stringify({
    childId: randomUUID(), agencyId: 'health-a', eventId: randomUUID(), type: 'AppointmentMissed', occurredAt: '2015-05-05', recordedAt: '2015-05-06T10:00:00Z',
    data: { service: 'health visiting', appointmentKind: 'review', wasNotBrought: index % 2 === 0, followUp: 'Letter.' },
  }));
  rows[0] = rows[0].replace('2015-05-05', '2099-01-01'); // in the future
  rows[5_001] = '{"not": "closed"'; // not JSON
  rows[11_998] = rows[11_998].replace('"recordedAt":"2015-05-06T10:00:00Z"', '"recordedAt":"2015-05-01T10:00:00Z"'); // recorded before it happened
  return { rows, numbers: rows.map((_, index) => index * 2 + 1), now: Date.parse('2026-06-15T12:00:00Z'), principal: operator };
}

describe('line-checking threads of an import', () => {
  it('given 12,000 lines checked by two threads, then every verdict equals checking them in this thread, in the file\'s order', async () => {
    expect(existsSync(WORKER_SCRIPT)).toBe(true); // built by `npm test`: without it the threads would silently not be used
    const lines = someLines();
    const threads = LineCheckingThreads.open({ count: 2, script: WORKER_SCRIPT })!;
    try {
      const inThreads = await threads.check(lines);
      expect(inThreads).toEqual(checkLines(lines));
      expect(inThreads.flatMap((verdict, index) => ('problems' in verdict ? [lines.numbers[index]] : []))).toEqual([1, 10_003, 23_997]);
    } finally {
      await threads.close();
    }
  });

  it('given a thread that dies, then the check fails with the reason and none waits for ever', async () => {
    const dies = join(mkdtempSync(join(tmpdir(), 'lines-')), 'dies.js');
    writeFileSync(dies, "require('node:worker_threads').parentPort.on('message', () => process.exit(3));\n");
    const threads = LineCheckingThreads.open({ count: 1, script: dies })!;
    await expect(threads.check(someLines())).rejects.toThrow(LineCheckingThreadError);
    await expect(threads.check(someLines())).rejects.toThrow('A line-checking thread stopped (exit code 3)');
    await threads.close();
  });

  it('given no compiled script (the tests run the TypeScript sources), then there are no threads and lines are checked in this thread', () => {
    expect(LineCheckingThreads.open({ count: 2, script: '/nowhere/line-checking-worker.js' })).toBeUndefined();
    expect(LineCheckingThreads.open()).toBeUndefined();
  });
});
