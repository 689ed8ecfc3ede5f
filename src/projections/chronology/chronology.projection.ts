import type { PoolClient } from 'pg';
import type { RecordedEvent } from '../../ledger/event-store.port';
import type { Projection, TableNames } from '../runner/projection';
import { isChildEvent } from './child-of-stream';
import { ChronologyBulkRebuild } from './chronology-bulk-rebuild';
import { FOLDED_TYPES, foldInto, targetOf } from './chronology-fold';
import { insertEntries, loadEntries, recordInvolvements, recordLinks, updateEntries } from './chronology-writes';
import { involvementsOf } from './involvement';

/**
 * The child chronology (one row per event, corrections folded in), the agencies involved with each
 * child and the links between duplicate records. A batch is folded in memory with the same pure
 * functions an as-of replay uses, then written with one statement per table.
 */
export class ChronologyProjection implements Projection {
  readonly name = 'chronology';
  readonly version = 1;
  readonly tables = ['chronology_entries', 'child_involvements', 'child_links'] as const;
  readonly bulkRebuild = new ChronologyBulkRebuild();

  async apply(events: readonly RecordedEvent[], transaction: PoolClient, tables: TableNames): Promise<void> {
    const childEvents = events.filter(isChildEvent);
    if (childEvents.length === 0) return;
    // The rows this batch's corrections and sensitivity changes point at, when written by an earlier batch.
    const inBatch = new Set(childEvents.map((event) => event.eventId));
    const earlier = childEvents.filter((event) => FOLDED_TYPES.has(event.type)).map(targetOf).filter((id): id is string => !!id && !inBatch.has(id));
    const rows = await loadEntries(transaction, tables.chronology_entries, earlier);
    const changed = foldInto(rows, childEvents);
    const inserted = childEvents.filter((event) => !FOLDED_TYPES.has(event.type)).map((event) => event.eventId);
    const updated = [...changed].filter((id) => !inBatch.has(id));
    await insertEntries(transaction, tables.chronology_entries, inserted.map((id) => rows.get(id)!));
    await updateEntries(transaction, tables.chronology_entries, updated.map((id) => rows.get(id)!));
    await recordInvolvements(transaction, tables.child_involvements, involvementsOf(childEvents));
    await recordLinks(transaction, tables.child_links, childEvents);
  }
}
