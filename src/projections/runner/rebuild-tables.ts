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
export async function indexLikeLive(pool: Pool, table: string, atOnce = 1): Promise<void> {
  const live = tableName(table);
  const { rows } = await pool.query<{ shape: string; unique: boolean; constraint: string | null }>(
    `SELECT regexp_replace(pg_get_indexdef(i.indexrelid), '^.* USING ', '') AS shape, i.indisunique AS unique, pg_get_constraintdef(c.oid) AS constraint
       FROM pg_index i LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid
      WHERE i.indrelid = $1::regclass`,
    [live],
  );
  // Every index is built by CREATE INDEX, `atOnce` at a time, each on a connection of its own (its lock
  // lets the others through); a primary key or unique constraint then takes its index as it is.
  const indexes = rows.map((row, index) => ({ ...row, name: `${live}_next_${index}` }));
  for (let start = 0; start < indexes.length; start += atOnce) {
    await Promise.all(indexes.slice(start, start + atOnce).map(({ shape, unique, name }) =>
      pool.query(`CREATE ${unique ? 'UNIQUE ' : ''}INDEX ${name} ON ${live}_next USING ${shape}`)));
  }
  for (const { constraint, name } of indexes) {
    const kind = /^(PRIMARY KEY|UNIQUE)\b/.exec(constraint ?? '')?.[1];
    if (kind) await pool.query(`ALTER TABLE ${live}_next ADD ${kind} USING INDEX ${name}`);
  }
}
