import type { Pool } from 'pg';
import { tableName } from '../sql-tables';
import type { TableNames } from './projection';

/*
 * What a rebuild does to its `_next` tables once they are filled (ADR 0018): rewrite them in the
 * order they will be read, give them the live table's indexes, and statistics for the planner.
 */

export async function analyse(pool: Pool, tables: TableNames): Promise<void> {
  await pool.query(Object.values(tables).map((table) => `ANALYZE ${tableName(table)};`).join('\n'));
}

/** Rewrites a rebuild's (unindexed) `_next` table with its rows in `orderBy` order: a sort and one sequential write. */
export async function rewriteInOrder(pool: Pool, table: string, orderBy: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*(, [a-z_][a-z0-9_]*)*$/.test(orderBy)) throw new Error(`Not a list of column names: ${orderBy}`);
  const next = `${tableName(table)}_next`;
  await pool.query(`DROP TABLE IF EXISTS ${next}_ordered; CREATE TABLE ${next}_ordered (LIKE ${next} INCLUDING ALL);
    INSERT INTO ${next}_ordered SELECT * FROM ${next} ORDER BY ${orderBy};
    DROP TABLE ${next}; ALTER TABLE ${next}_ordered RENAME TO ${next};`);
}

/**
 * Gives a rebuild's `_next` table the live table's indexes and index-backed constraints (primary key,
 * unique), by their definitions; `swapTable` then gives them the live names.
 */
export async function indexLikeLive(pool: Pool, table: string): Promise<void> {
  const live = tableName(table);
  const { rows } = await pool.query<{ shape: string; unique: boolean; constraint: string | null }>(
    `SELECT regexp_replace(pg_get_indexdef(i.indexrelid), '^.* USING ', '') AS shape, i.indisunique AS unique, pg_get_constraintdef(c.oid) AS constraint
       FROM pg_index i LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid
      WHERE i.indrelid = $1::regclass`,
    [live],
  );
  for (const { shape, unique, constraint } of rows) {
    await pool.query(constraint
      ? `ALTER TABLE ${live}_next ADD ${constraint}`
      : `CREATE ${unique ? 'UNIQUE ' : ''}INDEX ON ${live}_next USING ${shape}`);
  }
}
