import { interruptibleDelay } from '../../common/async/interruptible-delay';
import type { EventStore } from '../event-store.port';

/** How soon, and how many times, a reader looks again after a hint that showed it nothing yet. */
const FOLLOW_UP_MS = 25;
const FOLLOW_UPS_PER_HINT = 40;
/** A busy writer hints on every append; reading more often than this only burns CPU (measured: 400-600 steps/s at 1,000 events/s). */
const MIN_GAP_MS = 10;

/**
 * The waiting of a reader of the global order (a subscription, a projection runner): for its poll
 * interval or until an append hint, whichever comes first. A hint can arrive before the event it
 * announces is readable (the global order shows a commit only once every older transaction has
 * ended, in any database of the server), so after a hint the reader also looks again every 25 ms
 * for a second instead of missing the event until its next poll.
 */
export class ReaderWaits {
  private hinted = false;
  private followUps = 0;
  private lastReadAt = 0;
  private stopped = false;
  private wake: (() => void) | undefined;
  private endWait: (() => void) | undefined;

  /** Starts listening for hints; returns the function that stops listening. */
  listen(store: EventStore): () => void {
    this.stopped = false;
    return store.onAppended(() => {
      this.hinted = true;
      this.followUps = FOLLOW_UPS_PER_HINT;
      this.wake?.();
    });
  }

  /** Call right before reading: a hint that comes during the read then cuts the next wait short. */
  beforeRead(): void {
    this.hinted = false;
    this.lastReadAt = Date.now();
  }

  /** After a read that left the reader caught up. */
  forMore(pollIntervalMs: number): Promise<void> {
    if (this.hinted) return this.delay(Math.max(0, MIN_GAP_MS - (Date.now() - this.lastReadAt)), false);
    if (this.followUps > 0) {
      this.followUps -= 1;
      return this.delay(Math.min(FOLLOW_UP_MS, pollIntervalMs), true);
    }
    return this.delay(pollIntervalMs, true);
  }

  /** After a failure: hints do not shorten it. */
  beforeRetry(ms: number): Promise<void> {
    return this.delay(ms, false);
  }

  stop(): void {
    this.stopped = true;
    this.endWait?.();
  }

  private delay(ms: number, wakeOnHint: boolean): Promise<void> {
    if (this.stopped) return Promise.resolve();
    const delay = interruptibleDelay(ms);
    this.wake = wakeOnHint ? delay.end : undefined;
    this.endWait = delay.end;
    return delay.done;
  }
}
