import type { ClientConfig, Pool, PoolClient } from 'pg';
import type { RecordedEvent } from '../../ledger/event-store.port';
import type { TransactionsNotAppending } from '../../ledger/postgres/transactions-not-appending';
import type { ForegroundWork } from './foreground-work';

/** Physical table names by logical name: the live tables, or their `_next` twins during a rebuild. */
export type TableNames = Readonly<Record<string, string>>;

/**
 * A read model fed from the ledger's global order. The runner calls `apply` with events in order,
 * inside a transaction that also moves the projection's checkpoint: whatever `apply` writes with
 * `transaction` lands together with the checkpoint or not at all. `apply` must use only that
 * transaction (never the pool: on the embedded database that would deadlock) and be deterministic,
 * so a rebuild from position 0 gives exactly what incremental projection gave.
 */
export interface Projection {
  readonly name: string;
  /** Raise when what `apply` writes changes: the read model then needs a rebuild. */
  readonly version: number;
  /** Logical names of the tables it writes; a rebuild builds `<table>_next` beside each, then swaps. */
  readonly tables: readonly string[];
  apply(events: readonly RecordedEvent[], transaction: PoolClient, tables: TableNames): Promise<void>;
  /**
   * For a costly projection that need not be up to the second: step at most this often, ignoring
   * append hints, in batches of up to `batchSize` (fewer, larger batches leave the CPU to the rest).
   */
  readonly cadence?: { everyMs: number; batchSize: number };
  /** For a projection whose per-batch work repeats across batches in a rebuild: see `BulkRebuild`. */
  readonly bulkRebuild?: BulkRebuild;
  /** Releases what the projection holds besides its tables (compliance: its live judging thread), at the service's shutdown. */
  close?(): Promise<void>;
  /**
   * For a costly projection, on a database server only, before its runner starts (ADR 0026): the
   * process's count of the other projections' steps (their runners count them), to wait while they
   * run, the settings for connections of its own, and where to name its transaction while it writes,
   * so that the ledger's readers in this process do not wait for it.
   */
  onServer?(server: ProjectionServer): void;
}

/** What a projection is handed on a database server (`Projection.onServer`). */
export interface ProjectionServer {
  foreground: ForegroundWork;
  connection: ClientConfig;
  notAppending: TransactionsNotAppending;
}

/**
 * A rebuild that does once, at the end, what incremental projection does batch by batch. Compliance
 * judges a child's whole history each time one of its events arrives; in a rebuild a child's events
 * arrive over many batches, so it only gathers them batch by batch and judges every child once,
 * before the swap. The result must equal what `apply` over the same events gives.
 */
export interface BulkRebuild {
  /**
   * Stands in for `apply` during a rebuild, with its transaction only. Pages of events are gathered on
   * several connections at once and may commit out of order (ADR 0018): what it writes must not depend
   * on the order of pages; `finish` puts things in order.
   */
  gather(events: readonly RecordedEvent[], transaction: PoolClient, tables: TableNames): Promise<void>;
  /**
   * Optional, and used when the ledger is in the same database (ADR 0019): `gather` as one statement
   * there, for every event `events` (a SQL subquery, see `EventsInSql`) yields. It must store exactly
   * what `gather` stores for the same events. Several run at once on parts of the ledger.
   */
  gatherInSql?(events: string, executor: Pick<PoolClient, 'query'>, tables: TableNames): Promise<void>;
  /**
   * After the last batch, before the swap: completes the rebuild's tables from what was gathered, in
   * transactions of its own taken one at a time (never two connections at once: the embedded database).
   */
  finish(pool: Pool, tables: TableNames, onProgress?: (done: number, total: number) => void): Promise<void>;
  /** What `finish`'s progress counts, for the CLI's second bar ("children judged"). */
  readonly finishing: string;
  /**
   * Tables (logical names) a rebuild creates without indexes and indexes once filled, as the live table
   * is: building an index over a full table is several times cheaper than keeping it up to date row by
   * row. `gathered`: filled by `gather`, indexed before `finish` reads them, and with `orderBy` (column
   * names) first rewritten in that order, for a `finish` that reads them in that order and would
   * otherwise read a page per row. `finished`: filled by `finish`, indexed after it. None may rely on a
   * unique index while it is filled (no `ON CONFLICT`).
   */
  readonly indexedWhenFilled?: { gathered: ReadonlyArray<{ table: string; orderBy?: string }>; finished: readonly string[] };
  /**
   * Tables of the rebuild's own, for what `gather` leaves for `finish` (logical name → column
   * definitions): created unlogged as `<name>_rebuild` before the first page, handed to `gather` and
   * `finish` in `tables`, dropped once `finish` is done. A rebuild that stops half-way makes them anew.
   */
  readonly scratchTables?: Readonly<Record<string, string>>;
}

/** The live tables: each logical name maps to itself. */
export function liveTables(projection: Projection): TableNames {
  return Object.fromEntries(projection.tables.map((table) => [table, table]));
}

/** The tables a rebuild writes beside the live ones. */
export function rebuildTables(projection: Projection): TableNames {
  return Object.fromEntries(projection.tables.map((table) => [table, `${table}_next`]));
}

/** A bulk rebuild's scratch tables (`BulkRebuild.scratchTables`), by logical name. */
export function scratchTables(projection: Projection): TableNames {
  return Object.fromEntries(Object.keys(projection.bulkRebuild?.scratchTables ?? {}).map((table) => [table, `${table}_rebuild`]));
}

/** The checkpoint row a rebuild of `projection` keeps while it runs. */
export function rebuildSlot(projection: Projection): string {
  return `${projection.name}@rebuild`;
}

/** The Nest injection token for the list of projections the service runs. */
export const PROJECTIONS = Symbol('PROJECTIONS');
