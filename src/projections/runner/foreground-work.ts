/**
 * The steps of the read models reviewers read (the chronology, the case state) under way in this
 * process, counted in memory that a worker thread can read too (ADR 0026). The compliance projection
 * judges in a thread of its own; between two children it looks here and waits while such a step runs,
 * so that on a busy machine its judging does not take the CPU from the steps reviewers are waiting for.
 */
export class ForegroundWork {
  /** Handed to the worker threads that give way (`giveWayToForeground`). */
  readonly shared = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  private readonly running = new Int32Array(this.shared);
  /** In this thread: what waits for no step to be under way (`whenIdle`). */
  private readonly waiting = new Set<() => void>();

  /** Marks a step as under way until the function returned is called (once; later calls do nothing). */
  begin(): () => void {
    Atomics.add(this.running, 0, 1);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      if (Atomics.sub(this.running, 0, 1) !== 1) return;
      Atomics.notify(this.running, 0);
      for (const resume of [...this.waiting]) resume();
    };
  }

  /**
   * In this thread: resolves once no step is under way, or after `atMostMs` whatever happens (as
   * `giveWayToForeground` does in a worker thread, without blocking this one).
   */
  whenIdle(atMostMs: number): Promise<void> {
    if (this.underWay === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const resume = () => {
        clearTimeout(timer);
        this.waiting.delete(resume);
        resolve();
      };
      const timer = setTimeout(resume, atMostMs);
      this.waiting.add(resume);
    });
  }

  /** How many steps are under way now (for tests and diagnostics). */
  get underWay(): number {
    return Atomics.load(this.running, 0);
  }
}

/**
 * In a worker thread: returns once no foreground step is under way, or after `atMostMs` whatever
 * happens (a safety net: the judging always moves on, however busy the machine). Blocks the thread,
 * which has nothing else to do meanwhile.
 */
export function giveWayToForeground(shared: SharedArrayBuffer, atMostMs: number): void {
  const running = new Int32Array(shared);
  const until = Date.now() + atMostMs;
  for (let seen = Atomics.load(running, 0); seen > 0; seen = Atomics.load(running, 0)) {
    const left = until - Date.now();
    if (left <= 0) return;
    Atomics.wait(running, 0, seen, left);
  }
}
