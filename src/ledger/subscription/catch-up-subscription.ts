import type { EventStore, RecordedEvent } from '../event-store.port';
import { LedgerUnavailableError } from '../ledger-errors';
import { ReaderWaits } from './reader-waits';

export interface CatchUpOptions {
  /** Exclusive checkpoint to start after; `undefined` starts at the beginning of the ledger. */
  from?: string;
  /** Fallback wake-up when no append hint arrives (the embedded database never sends one across connections). */
  pollIntervalMs?: number;
  batchSize?: number;
  /** How long to wait before reading again after the database failed. */
  retryDelayMs?: number;
}

export type EventHandler = (event: RecordedEvent) => Promise<void> | void;

/**
 * Reads the global order from a checkpoint, hands each event to `handler` in order, and then waits
 * for an append hint or the poll interval. A handler error stops the subscription (it never skips an
 * event and never spins): `stopped` rejects with it, and so does any error reading other than the
 * database being unavailable, which is retried after `retryDelayMs`. A stopped subscription stays stopped.
 */
export class CatchUpSubscription {
  private running = false;
  private readonly waits = new ReaderWaits();
  private position: string | undefined;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly handler: EventHandler,
    private readonly options: CatchUpOptions = {},
  ) {
    this.position = options.from;
  }

  /** The checkpoint of the last event handled. */
  get checkpoint(): string | undefined {
    return this.position;
  }

  start(): this {
    if (this.loop) return this;
    this.running = true;
    const unsubscribe = this.waits.listen(this.store);
    this.loop = this.run().finally(() => {
      this.running = false;
      unsubscribe();
    });
    this.loop.catch(() => undefined); // the error is reported through `stopped`, never as an unhandled rejection
    return this;
  }

  /** Resolves when the subscription ends; rejects with the handler's error if that ended it. */
  get stopped(): Promise<void> {
    return this.loop ?? Promise.resolve();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.waits.stop();
    await this.loop?.catch(() => undefined);
  }

  private async run(): Promise<void> {
    const batchSize = this.options.batchSize ?? 500;
    while (this.running) {
      let page;
      this.waits.beforeRead();
      try {
        page = await this.store.readAll({ after: this.position, limit: batchSize });
      } catch (error) {
        if (!(error instanceof LedgerUnavailableError)) throw error; // a bug or a bad checkpoint: stop and say so
        await this.waits.beforeRetry(this.options.retryDelayMs ?? 1000);
        continue;
      }
      for (const event of page.events) {
        if (!this.running) return;
        await this.handler(event);
        this.position = event.checkpoint;
      }
      if (page.events.length < batchSize) await this.waits.forMore(this.options.pollIntervalMs ?? 500);
    }
  }
}
