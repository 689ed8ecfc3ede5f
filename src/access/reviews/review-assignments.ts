import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';

/** Which children a reviewer may read, for what purpose, until when (POST /v1/reviews). */
export class ReviewAssignments {
  constructor(private readonly pool: Pool) {}

  async assign(assignment: { reviewerId: string; childIds: string[]; purpose: string; expiresAt: Date }): Promise<string> {
    const id = randomUUID();
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('INSERT INTO review_assignments (id, reviewer_id, purpose, expires_at) VALUES ($1, $2, $3, $4)', [id, assignment.reviewerId, assignment.purpose, assignment.expiresAt]);
      await client.query('INSERT INTO review_assignment_children (assignment_id, child_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING', [id, assignment.childIds]);
      await client.query('COMMIT');
      return id;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** True while the reviewer has an assignment for the child that has not expired. */
  async isAssigned(reviewerId: string, childId: string, now: Date): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `SELECT 1 FROM review_assignments a JOIN review_assignment_children c ON c.assignment_id = a.id
        WHERE a.reviewer_id = $1 AND c.child_id = $2 AND a.expires_at > $3 LIMIT 1`,
      [reviewerId, childId, now],
    );
    return (rowCount ?? 0) > 0;
  }
}
