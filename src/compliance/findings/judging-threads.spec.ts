import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { DEFAULT_PROFILE } from '../profile/policy-profile';
import { RULES } from '../rules/rule-catalogue';
import type { ChildrenRows } from './judge-children';
import { JudgingThreadError, JudgingThreads } from './judging-threads';

const script = (name: string, body: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'judging-')), name);
  writeFileSync(file, body);
  return file;
};
const someChildren: ChildrenRows = { children: ['c'], own: { childIds: [], events: [] }, siblings: { childIds: [], events: [] } };

describe('judging threads', () => {
  it('given threads that die on their first chunk, then every chunk given, before or after, fails with the reason and none waits for ever', async () => {
    const threads = JudgingThreads.open(RULES, DEFAULT_PROFILE, { count: 2, script: script('dies.js', "require('node:worker_threads').parentPort.on('message', () => { throw new Error('boom'); });\n") })!;
    const early = await Promise.allSettled([1, 2, 3, 4, 5].map(() => threads.judge(someChildren)));
    for (const judged of early) expect(judged.status === 'rejected' && judged.reason instanceof JudgingThreadError).toBe(true);
    await expect(threads.judge(someChildren)).rejects.toThrow(JudgingThreadError);
    await threads.close();
  });

  it('given a thread that answers with an error, then that chunk fails and the thread goes on with the next', async () => {
    const threads = JudgingThreads.open(RULES, DEFAULT_PROFILE, {
      count: 1,
      script: script('answers.js', `let calls = 0;
require('node:worker_threads').parentPort.on('message', () => {
  calls += 1;
  require('node:worker_threads').parentPort.postMessage(calls === 1 ? { error: 'a rule failed' } : { result: { rows: '[]', findings: 0 } });
});
`),
    })!;
    await expect(threads.judge(someChildren)).rejects.toThrow('a rule failed');
    await expect(threads.judge(someChildren)).resolves.toEqual({ rows: '[]', findings: 0 });
    await threads.close();
  });

  it('given no compiled script (the tests run the TypeScript sources) or rules other than the catalogue\'s, then there are no threads and judging stays in this thread', () => {
    expect(JudgingThreads.open(RULES, DEFAULT_PROFILE, { count: 2, script: '/nowhere/judging-worker.js' })).toBeUndefined();
    expect(JudgingThreads.open(RULES, DEFAULT_PROFILE)).toBeUndefined();
    expect(JudgingThreads.open([{ ...RULES[0] }], DEFAULT_PROFILE, { count: 2, script: script('any.js', '') })).toBeUndefined();
  });
});
