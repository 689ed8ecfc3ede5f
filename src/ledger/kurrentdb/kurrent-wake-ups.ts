import { END, type AllStreamSubscription, type KurrentDBClient } from '@kurrent/kurrentdb-client';
import { LEDGER_STREAMS } from './kurrent-reader';

const RESUBSCRIBE_AFTER_MS = 1000;

/**
 * Tells listeners (the projection runner) that events may have been appended, as PostgreSQL's NOTIFY
 * does: at once for this instance's own appends, and through a catch-up subscription to the ledger's
 * streams in `$all` for other instances'. Only a hint: readers always read from their checkpoints,
 * and poll besides, so a dropped subscription delays them by a poll interval, never loses an event.
 */
export class KurrentWakeUps {
  private readonly listeners = new Set<() => void>();
  private subscription?: AllStreamSubscription;
  private closed = false;

  constructor(private readonly client: KurrentDBClient) {}

  onAppended(listener: () => void): () => void {
    this.listeners.add(listener);
    this.subscribe();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.unsubscribe();
    };
  }

  appended(): void {
    queueMicrotask(() => this.listeners.forEach((listener) => listener()));
  }

  close(): void {
    this.closed = true;
    this.unsubscribe();
  }

  private subscribe(): void {
    if (this.subscription || this.closed) return;
    const subscription = this.client.subscribeToAll({ fromPosition: END, filter: LEDGER_STREAMS });
    this.subscription = subscription;
    subscription.on('data', () => this.appended());
    subscription.on('error', () => {
      if (this.subscription !== subscription) return;
      this.subscription = undefined;
      setTimeout(() => this.listeners.size > 0 && this.subscribe(), RESUBSCRIBE_AFTER_MS).unref();
    });
  }

  private unsubscribe(): void {
    const subscription = this.subscription;
    this.subscription = undefined;
    void subscription?.unsubscribe().catch(() => undefined);
  }
}
