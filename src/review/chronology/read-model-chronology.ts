import type { Pool } from 'pg';
import type { ChronologyEntry } from '../../projections/chronology/chronology-entry';
import type { ChronologyPage, ChronologyRequest } from './chronology-query';

/**
 * The chronology now, from the read model: the child and every record linked to it as the same
 * child, filtered and paged in SQL on the (child, occurredAt, recordedAt, position) index.
 */
export async function readModelChronology(pool: Pool, request: ChronologyRequest): Promise<ChronologyPage> {
  const children = await linkedChildren(pool, request.childId);
  const agencyViewer = request.viewer.role === 'agency' ? request.viewer.agencyId! : null;
  // One child (no linked record) is asked for as one: PostgreSQL then walks the child's index in order
  // and stops after the page; with a list it reads every row of the children and sorts them.
  const { rows } = await pool.query<{ entry: ChronologyEntry; occurred_sort: Date }>(
    `SELECT entry, occurred_sort FROM chronology_entries
      WHERE ${children.length === 1 ? 'child_id = $1::uuid' : 'child_id = ANY($1::uuid[])'}
        AND ($2::timestamptz IS NULL OR occurred_sort >= $2) AND ($3::timestamptz IS NULL OR occurred_sort < $3)
        AND ($4::text IS NULL OR agency_id = $4) AND ($5::text[] IS NULL OR type = ANY($5))
        AND ($6::text IS NULL OR sensitivity <> 'sealed' OR agency_id = $6)
        AND ($7::timestamptz IS NULL OR (occurred_sort, recorded_at, position) > ($7, $8::timestamptz, $9::bigint))
      ORDER BY occurred_sort, recorded_at, position
      LIMIT $10`,
    [children.length === 1 ? children[0] : children, request.window.from ?? null, request.window.toExclusive ?? null, request.agency ?? null, request.types ?? null,
      agencyViewer, request.cursor?.occurredSort ?? null, request.cursor?.recordedAt ?? null, request.cursor?.position ?? null, request.limit + 1],
  );
  const page = rows.slice(0, request.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((row) => row.entry),
    nextCursor: rows.length > request.limit ? { occurredSort: last.occurred_sort.toISOString(), recordedAt: last.entry.recordedAt, position: last.entry.position } : null,
  };
}

/** The child and every record linked to it, directly or through others (links are written into both records). */
export async function linkedChildren(pool: Pool, childId: string): Promise<string[]> {
  const { rows } = await pool.query<{ child_id: string }>(
    `WITH RECURSIVE linked(child_id) AS (
       SELECT $1::uuid
       UNION
       SELECT l.linked_child_id FROM child_links l JOIN linked ON l.child_id = linked.child_id
     ) SELECT child_id FROM linked LIMIT 100`,
    [childId],
  );
  return rows.map((row) => row.child_id);
}
