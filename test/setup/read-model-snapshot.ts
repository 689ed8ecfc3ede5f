import type { Pool } from 'pg';

/** Every read-model table's rows in a fixed order, for comparing an incremental build with a rebuild. */
export async function readModelSnapshot(pool: Pool): Promise<Record<string, unknown[]>> {
  const query = async (sql: string) => (await pool.query(sql)).rows;
  return {
    chronology: await query('SELECT event_id, child_id, agency_id, type, sensitivity, occurred_sort, recorded_at, position, entry, data FROM chronology_entries ORDER BY event_id'),
    involvements: await query('SELECT child_id, agency_id, since FROM child_involvements ORDER BY child_id, agency_id'),
    links: await query('SELECT child_id, linked_child_id, event_id, recorded_at FROM child_links ORDER BY child_id, linked_child_id'),
    caseStates: await query('SELECT child_id, revision, state FROM case_states ORDER BY child_id'),
    complianceEvents: await query('SELECT event_id, child_id, revision, event FROM compliance_events ORDER BY event_id'),
    households: await query('SELECT child_id, household_id FROM compliance_households ORDER BY child_id'),
    findings: await query('SELECT id, rule, child_id, agency_id, status, due_at, breached_at, met_at, digest, finding FROM compliance_findings ORDER BY id'),
  };
}
