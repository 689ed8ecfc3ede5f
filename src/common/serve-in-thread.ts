import { parentPort } from 'node:worker_threads';

/**
 * The thread's side of a `WorkerPool`: each piece of work handed over is done by `work`, and its
 * result (or what its promise gives) handed back; an error goes back as its message and code alone
 * (a thread never logs; the code lets the service tell a lost database connection from a bug).
 */
export function serveInThread<Input, Output>(work: (input: Input) => Output | Promise<Output>): void {
  parentPort!.on('message', ({ input }: { input: Input }) => {
    const answer = (result: Output) => parentPort!.postMessage({ result });
    const fail = (error: unknown) => parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error), code: (error as { code?: unknown } | undefined)?.code });
    try {
      const result = work(input);
      if (result instanceof Promise) result.then(answer, fail);
      else answer(result);
    } catch (error) {
      fail(error);
    }
  });
}
