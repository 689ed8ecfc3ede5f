import { parentPort } from 'node:worker_threads';

/**
 * The thread's side of a `WorkerPool`: each piece of work handed over is done by `work`, and its
 * result handed back; an error goes back as its message alone (a thread neither logs nor touches the
 * database).
 */
export function serveInThread<Input, Output>(work: (input: Input) => Output): void {
  parentPort!.on('message', ({ input }: { input: Input }) => {
    try {
      parentPort!.postMessage({ result: work(input) });
    } catch (error) {
      parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) });
    }
  });
}
