import type { Pool } from 'pg';

/**
 * What an attacker (or a careless administrator) with the table owner's rights could do: switch the
 * immutability trigger off, change a stored event, switch it back on. Used only by tests.
 */
export async function tamperWithEvent(
  pool: Pool,
  streamId: string,
  revision: number,
  change: { data?: Record<string, unknown>; type?: string },
): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('ALTER TABLE ledger_events DISABLE TRIGGER ledger_events_no_update_or_delete');
    await client.query(
      'UPDATE ledger_events SET data = coalesce($3::jsonb, data), type = coalesce($4, type) WHERE stream_id = $1 AND revision = $2',
      [streamId, revision, change.data ? JSON.stringify(change.data) : null, change.type ?? null],
    );
    await client.query('ALTER TABLE ledger_events ENABLE TRIGGER ledger_events_no_update_or_delete');
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}
