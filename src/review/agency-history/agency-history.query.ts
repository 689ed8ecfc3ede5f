import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DatabaseConnection } from '../../database/database-connection';
import type { ChronologyEntry } from '../../projections/chronology/chronology-entry';
import type { ChronologyCursor, ReviewWindow } from '../review-request';
import type { ChronologyPage } from '../chronology/chronology-query';

export class ReadAgencyHistoryQuery extends Query<ChronologyPage> {
  constructor(readonly agencyId: string, readonly window: ReviewWindow, readonly types: string[] | undefined, readonly limit: number, readonly cursor: ChronologyCursor | undefined) {
    super();
  }
}

/** An agency's own events across every child, in timeline order, from the chronology read model (its agency index). */
@QueryHandler(ReadAgencyHistoryQuery)
export class ReadAgencyHistoryHandler implements IQueryHandler<ReadAgencyHistoryQuery> {
  constructor(@Inject(DatabaseConnection) private readonly database: DatabaseConnection) {}

  async execute(query: ReadAgencyHistoryQuery): Promise<ChronologyPage> {
    const { rows } = await this.database.readPool.query<{ entry: ChronologyEntry; occurred_sort: Date }>(
      `SELECT entry, occurred_sort FROM chronology_entries
        WHERE agency_id = $1
          AND ($2::timestamptz IS NULL OR occurred_sort >= $2) AND ($3::timestamptz IS NULL OR occurred_sort < $3)
          AND ($4::text[] IS NULL OR type = ANY($4))
          AND ($5::timestamptz IS NULL OR (occurred_sort, recorded_at, position) > ($5, $6::timestamptz, $7::bigint))
        ORDER BY occurred_sort, recorded_at, position
        LIMIT $8`,
      [query.agencyId, query.window.from ?? null, query.window.toExclusive ?? null, query.types ?? null,
        query.cursor?.occurredSort ?? null, query.cursor?.recordedAt ?? null, query.cursor?.position ?? null, query.limit + 1],
    );
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((row) => row.entry),
      nextCursor: rows.length > query.limit ? { occurredSort: last.occurred_sort.toISOString(), recordedAt: last.entry.recordedAt, position: last.entry.position } : null,
    };
  }
}
