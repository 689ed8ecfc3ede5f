import { Logger } from '@nestjs/common';
import type { Pool } from 'pg';
import type { EventStore, RecordedEvent } from '../../ledger/event-store.port';
import { LedgerUnavailableError } from '../../ledger/ledger-errors';
import { translateConnectionError } from '../../database/connection-errors';
import { ReaderWaits } from '../../ledger/subscription/reader-waits';
import { advanceCheckpoint, loadCheckpoint, lockProjection, park, stillAt, type CheckpointState } from './checkpoints';
import { liveTables, type Projection, type TableNames } from './projection';
import type { ForegroundWork } from './foreground-work';
import type { ProjectionLeases } from './projection-leases';

export interface ProjectionRunnerOptions {
  /** Events per transaction. */
  batchSize?: number;
  /** Fallback wake-up when no append hint arrives (the embedded database sends none across connections). */
  pollIntervalMs?: number;
  /** How long to wait after the database failed, or while another instance holds the lease. */
  retryDelayMs?: number;
  /** The checkpoint row and tables to use: the live ones unless a rebuild says otherwise. */
  slot?: string;
  tables?: TableNames;
  /** Where this runner counts its steps as under way, for a projection that gives way to them (ADR 0026). */
  foreground?: ForegroundWork;
}

/** What one step did: the loop sleeps after anything but `applied`. */
export type StepOutcome = 'applied' | 'caught-up' | 'parked' | 'standby' | 'moved-by-another';

/**
 * Feeds one projection from the ledger's global order: read a page after the stored checkpoint,
 * apply it and move the checkpoint in one transaction, repeat; wake on append hints, poll as a
 * fallback. An event the projection cannot apply parks it (see `park`): it never spins on it.
 */
export class ProjectionRunner {
  private state: CheckpointState | undefined;
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly waits = new ReaderWaits();
  private readonly logger: Logger;
  readonly slot: string;
  private readonly tables: TableNames;

  constructor(
    private readonly pool: Pool,
    private readonly store: EventStore,
    private readonly projection: Projection,
    private readonly leases: ProjectionLeases,
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    this.slot = options.slot ?? projection.name;
    this.tables = options.tables ?? liveTables(projection);
    this.logger = new Logger(`Projection ${this.slot}`);
  }

  start(): void {
    if (this.loop) return;
    this.running = true;
    const unsubscribe = this.waits.listen(this.store);
    this.loop = this.run().finally(unsubscribe);
  }

  async stop(): Promise<void> {
    this.running = false;
    this.waits.stop();
    await this.loop;
    this.loop = undefined;
    await this.leases.release(this.slot);
  }

  /** One step: exposed so a rebuild and the tests can drive the runner without its loop. */
  async step(): Promise<StepOutcome> {
    const ended = this.options.foreground?.begin();
    try {
      return await this.stepOnce();
    } finally {
      ended?.();
    }
  }

  private async stepOnce(): Promise<StepOutcome> {
    if (!(await this.leases.holdOrAcquire(this.slot))) return 'standby';
    const state = this.state ?? (this.state = await loadCheckpoint(this.pool, this.slot, this.projection.version));
    if (state.parked) {
      this.state = undefined; // read again next time: an operator may have retried or skipped
      return 'parked';
    }
    const batchSize = this.options.batchSize ?? this.projection.cadence?.batchSize ?? 500;
    this.waits.beforeRead();
    const { events } = await this.store.readAll({ after: state.checkpoint, limit: batchSize });
    if (events.length === 0) return 'caught-up';
    const outcome = await this.applyOrPark(state, events);
    if (outcome !== 'applied') return outcome;
    return events.length < batchSize ? 'caught-up' : 'applied';
  }

  get checkpoint(): CheckpointState | undefined {
    return this.state;
  }

  private async run(): Promise<void> {
    let renewedAt = Date.now();
    while (this.running) {
      let outcome: StepOutcome | 'failed';
      try {
        outcome = await this.step();
      } catch (error) {
        const translated = translateConnectionError(error);
        if (!(translated instanceof LedgerUnavailableError)) this.logger.error(`stopped reading: ${kindOf(error)}`);
        this.state = undefined;
        outcome = 'failed';
      }
      if (Date.now() - renewedAt > 5000) {
        await this.leases.renew();
        renewedAt = Date.now();
      }
      if (outcome === 'applied') continue;
      if (outcome === 'caught-up' && this.projection.cadence) await this.waits.beforeRetry(this.projection.cadence.everyMs);
      else if (outcome === 'caught-up') await this.waits.forMore(this.options.pollIntervalMs ?? 1000);
      else await this.waits.beforeRetry(this.options.retryDelayMs ?? 2000);
    }
  }

  /** Applies the batch; if it fails, applies its events one by one to find the culprit, applying those before it, and parks there. */
  private async applyOrPark(state: CheckpointState, events: readonly RecordedEvent[]): Promise<StepOutcome> {
    try {
      return (await this.applyInTransaction(state, events)) ? 'applied' : this.movedByAnother();
    } catch (batchError) {
      if (translateConnectionError(batchError) instanceof LedgerUnavailableError) throw batchError;
      for (const event of events) {
        try {
          if (!(await this.applyInTransaction(this.state!, [event]))) return this.movedByAnother();
        } catch (error) {
          if (translateConnectionError(error) instanceof LedgerUnavailableError) throw error;
          const reason = `${this.projection.name} cannot apply ${event.type} (event ${event.eventId}, position ${event.position}): ${describe(error)}`;
          await park(this.pool, this.state!, event, reason);
          // The full reason is kept with the checkpoint (`ledger projections status`); the log names the
          // error's kind only: a database error's message can quote the values of a row.
          this.logger.error(`parked: ${this.projection.name} cannot apply ${event.type} (event ${event.eventId}, position ${event.position}): ${kindOf(error)}. See "ledger projections status"; fix the cause, then run "ledger projections retry ${this.slot}" (or "skip").`);
          this.state = undefined;
          return 'parked';
        }
      }
      return 'applied';
    }
  }

  /**
   * BEGIN; the projection's transaction lock; apply; compare-and-set the checkpoint; COMMIT. False when
   * the checkpoint had moved (all of it rolled back). The compare-and-set comes last, and the lock is an
   * advisory one, because a transaction holds back every reader of the global order from its first
   * write: a projection that reads and judges before it writes (compliance) then does not.
   */
  private async applyInTransaction(state: CheckpointState, events: readonly RecordedEvent[]): Promise<boolean> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await lockProjection(client, this.slot);
      // A rebuild's swap (or another instance) may have moved the checkpoint since the page was read.
      if (!(await stillAt(client, state))) {
        await client.query('ROLLBACK');
        return false;
      }
      await this.projection.apply(events, client, this.tables);
      if (!(await advanceCheckpoint(client, state, events))) {
        await client.query('ROLLBACK');
        return false;
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    const last = events[events.length - 1];
    this.state = { ...state, checkpoint: last.checkpoint, position: last.position, eventsHandled: state.eventsHandled + events.length };
    return true;
  }

  private movedByAnother(): StepOutcome {
    this.state = undefined;
    return 'moved-by-another';
  }
}

/** What kind of error, for logs: its name and SQLSTATE, never its message. */
export function kindOf(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return `${error instanceof Error ? error.name : typeof error}${typeof code === 'string' ? ` (SQLSTATE ${code})` : ''}`;
}

/** An error's message without its stack, kept with the parked checkpoint for the operator. */
function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 500);
}
