import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DatabaseConnection } from '../../database/database-connection';
import { EVENT_STORE, type EventStore } from '../../ledger/event-store.port';
import type { ChronologyEntry } from '../../projections/chronology/chronology-entry';
import { ChildAccess } from '../child-access';
import { presentTo } from '../viewer';
import { asOfChronology } from './as-of-chronology';
import type { ChronologyPage, ChronologyRequest } from './chronology-query';
import { linkedChildren, readModelChronology } from './read-model-chronology';

export class ReadChronologyQuery extends Query<ChronologyPage> {
  constructor(readonly request: ChronologyRequest) {
    super();
  }
}

/** One page: from the ledger for `asOf` (what was known then), from the read model otherwise. */
@QueryHandler(ReadChronologyQuery)
export class ReadChronologyHandler implements IQueryHandler<ReadChronologyQuery> {
  constructor(
    @Inject(DatabaseConnection) private readonly database: DatabaseConnection,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ChildAccess) private readonly access: ChildAccess,
  ) {}

  async execute({ request }: ReadChronologyQuery): Promise<ChronologyPage> {
    const sealed = () => (request.viewer.role === 'agency' ? sealedFromAgency(this.database, request.childId, request.viewer.agencyId!) : Promise.resolve(new Set<string>()));
    let page: ChronologyPage;
    let hidden: Set<string>;
    if (request.asOf) {
      // An as-of replay reads the ledger: only once access is granted.
      await this.access.assertMayRead(request.childId, request.viewer);
      [page, hidden] = await Promise.all([asOfChronology(this.store, { ...request, asOf: request.asOf }), sealed()]);
    } else {
      // The read model's page is a few small queries: asked while access is checked, each on a
      // connection of its own, and thrown away if access is refused.
      [page, hidden] = await Promise.all([readModelChronology(this.database.readPool, request), sealed(), this.access.assertMayRead(request.childId, request.viewer)]);
    }
    const names = await agencyNames(this.database, page.items);
    return {
      items: page.items.map((entry) => presentTo(request.viewer, { ...entry, agencyName: names.get(entry.agencyId) ?? null }, hidden) as ChronologyEntry),
      nextCursor: page.nextCursor,
    };
  }
}

/** The child's events sealed by other agencies (linked records included): never named to this agency, not even as a link. */
async function sealedFromAgency(database: DatabaseConnection, childId: string, agencyId: string): Promise<Set<string>> {
  const children = await linkedChildren(database.pool, childId);
  const { rows } = await database.pool.query<{ event_id: string }>(
    `SELECT event_id FROM chronology_entries WHERE child_id = ANY($1::uuid[]) AND sensitivity = 'sealed' AND agency_id <> $2`, [children, agencyId],
  );
  return new Set(rows.map((row) => row.event_id));
}

/** Names come from the agencies table when read, so a renamed agency reads under its new name. */
async function agencyNames(database: DatabaseConnection, entries: readonly ChronologyEntry[]): Promise<Map<string, string>> {
  const ids = [...new Set(entries.map((entry) => entry.agencyId))];
  if (ids.length === 0) return new Map();
  const { rows } = await database.pool.query<{ id: string; name: string }>('SELECT id, name FROM agencies WHERE id = ANY($1)', [ids]);
  return new Map(rows.map((row) => [row.id, row.name]));
}
