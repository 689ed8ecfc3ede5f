import { Worker } from 'node:worker_threads';

/** How a pool names its threads in errors, and the error class its failures are. */
export interface PoolKind { thread: string; error: new (message: string) => Error }

export interface PoolOptions {
  /** Threads keep the process alive only while they hold work (a pool kept for the process's lifetime need not be closed for it to end). */
  refOnlyWhenBusy?: boolean;
}

/**
 * A few worker threads running one script (its side: `serveInThread`), each taking one piece of work
 * at a time while the rest wait in turn. Work goes in and comes back by structured clone. A piece a
 * thread answers with an error fails alone; a thread that dies fails the piece it held, and with no
 * thread left every piece fails at once rather than waiting for ever.
 */
export class WorkerPool<Input, Output> {
  private readonly idle: Worker[] = [];
  private readonly waiting: Array<{ input: Input; settle: Settle<Output> }> = [];
  private readonly running = new Map<Worker, Settle<Output>>();
  private readonly alive = new Set<Worker>();
  private failure: Error | undefined;

  constructor(script: string, readonly count: number, workerData: unknown, private readonly kind: PoolKind, private readonly options: PoolOptions = {}) {
    for (let index = 0; index < count; index++) {
      const worker = new Worker(script, { workerData });
      if (options.refOnlyWhenBusy) worker.unref();
      worker.on('message', (message: { result?: Output; error?: string; code?: unknown }) => {
        const settle = this.running.get(worker);
        this.running.delete(worker);
        if (options.refOnlyWhenBusy) worker.unref();
        if ('result' in message) settle?.resolve(message.result as Output);
        else settle?.reject(Object.assign(new kind.error(`A ${kind.thread} failed: ${message.error}`), typeof message.code === 'string' ? { code: message.code } : {}));
        this.idle.push(worker);
        this.dispatch();
      });
      worker.on('error', (error) => this.fail(worker, error));
      worker.on('exit', (code) => this.fail(worker, new kind.error(`A ${kind.thread} stopped (exit code ${code})`)));
      this.idle.push(worker);
      this.alive.add(worker);
    }
  }

  /** Every thread has stopped: nothing given to the pool will be done. */
  get dead(): boolean {
    return this.alive.size === 0;
  }

  run(input: Input): Promise<Output> {
    return new Promise<Output>((resolve, reject) => {
      if (this.alive.size === 0) return reject(this.failure ?? this.closed());
      this.waiting.push({ input, settle: { resolve, reject } });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    const workers = [...this.alive];
    this.alive.clear();
    this.idle.length = 0;
    for (const { settle } of this.waiting.splice(0)) settle.reject(this.closed());
    await Promise.all(workers.map((worker) => { worker.removeAllListeners('exit'); return worker.terminate(); }));
  }

  private closed(): Error {
    return new this.kind.error(`The ${this.kind.thread}s were closed`);
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.waiting.length > 0) {
      const worker = this.idle.pop()!;
      const { input, settle } = this.waiting.shift()!;
      this.running.set(worker, settle);
      if (this.options.refOnlyWhenBusy) worker.ref();
      worker.postMessage({ input });
    }
  }

  private fail(worker: Worker, error: Error): void {
    if (!this.alive.delete(worker)) return; // its 'error' came first, then its 'exit'
    const settle = this.running.get(worker);
    this.running.delete(worker);
    const idle = this.idle.indexOf(worker);
    if (idle >= 0) this.idle.splice(idle, 1);
    const failure: Error = error instanceof this.kind.error ? error : new this.kind.error(`A ${this.kind.thread} failed: ${(error as Error).message}`);
    this.failure = failure;
    settle?.reject(failure);
    if (this.alive.size === 0) {
      for (const { settle: waiting } of this.waiting.splice(0)) waiting.reject(failure);
    }
  }
}

interface Settle<Output> { resolve: (output: Output) => void; reject: (error: Error) => void }
