import type { Pool } from 'pg';
import type { Principal } from '../principal';

/** One read of a child's record (or a search for one), as the access log keeps it. */
export interface AccessLogEntry {
  id: string;
  at: string;
  principalId: string;
  role: Principal['role'];
  agencyId: string | null;
  childId: string | null;
  action: string;
  purpose: string | null;
  detail: Record<string, unknown>;
}

/**
 * Who read what of which child, when and why: append-only (the table refuses updates, deletes and
 * truncation, as the ledger does). It holds ids, never child data: a search is logged with the child
 * it found, not the identifier searched for.
 */
export class AccessLog {
  constructor(private readonly pool: Pool) {}

  async record(entry: { principal: Principal; childId: string | null; action: string; purpose: string | null; detail?: Record<string, unknown> }): Promise<void> {
    await this.recordEach({ ...entry, childIds: [entry.childId] });
  }

  /** One entry per child (a read across children: an agency history, a list of findings), in one statement. */
  async recordEach(entry: { principal: Principal; childIds: Array<string | null>; action: string; purpose: string | null; detail?: Record<string, unknown> }): Promise<void> {
    await this.pool.query(
      `INSERT INTO access_log (principal_id, role, agency_id, child_id, action, purpose, detail)
       SELECT $1, $2, $3, child_id, $5, $6, $7 FROM unnest($4::uuid[]) AS child_id`,
      [entry.principal.id, entry.principal.role, entry.principal.agencyId ?? null, entry.childIds, entry.action, entry.purpose, JSON.stringify(entry.detail ?? {})],
    );
  }

  /** A child's entries, newest first, after the cursor (an entry id). */
  async forChild(childId: string, limit: number, before?: string): Promise<AccessLogEntry[]> {
    const { rows } = await this.pool.query<{ id: string; at: Date; principal_id: string; role: Principal['role']; agency_id: string | null; child_id: string | null; action: string; purpose: string | null; detail: Record<string, unknown> }>(
      `SELECT id, at, principal_id, role, agency_id, child_id, action, purpose, detail FROM access_log
        WHERE child_id = $1 AND ($2::bigint IS NULL OR id < $2::bigint) ORDER BY id DESC LIMIT $3`,
      [childId, before ?? null, limit],
    );
    return rows.map((row) => ({
      id: String(row.id), at: row.at.toISOString(), principalId: row.principal_id, role: row.role, agencyId: row.agency_id,
      childId: row.child_id, action: row.action, purpose: row.purpose, detail: row.detail,
    }));
  }
}
