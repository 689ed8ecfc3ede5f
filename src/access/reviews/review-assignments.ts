import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { inTransaction } from '../../database/in-transaction';

/** Which children a reviewer may read, for what purpose, until when (POST /v1/reviews). */
export class ReviewAssignments {
  constructor(private readonly pool: Pool) {}

  async assign(assignment: { reviewerId: string; childIds: string[]; purpose: string; expiresAt: Date }): Promise<string> {
    const id = randomUUID();
    await inTransaction(this.pool, async (client) => {
      await client.query('INSERT INTO review_assignments (id, reviewer_id, purpose, expires_at) VALUES ($1, $2, $3, $4)', [id, assignment.reviewerId, assignment.purpose, assignment.expiresAt]);
      await client.query('INSERT INTO review_assignment_children (assignment_id, child_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING', [id, assignment.childIds]);
    });
    return id;
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
