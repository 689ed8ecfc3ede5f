import { Inject, Injectable } from '@nestjs/common';
import { ForbiddenError } from '../access/access-errors';
import { childStreamId } from '../children/stream/child-stream';
import { ChildNotRegisteredError } from '../children/stream/child-errors';
import { DatabaseConnection } from '../database/database-connection';
import { EVENT_STORE, type EventStore } from '../ledger/event-store.port';
import { involvedAgencies } from '../projections/chronology/involvement';
import { linkedChildren } from './chronology/read-model-chronology';
import type { Viewer } from './viewer';

/**
 * Whether a reader may read a child's record: 404 for an unknown child; an agency only when it is
 * involved with the child or a record linked to it (API.md "Roles"). Review assignments for
 * reviewers come with the access-control work; today reviewers and auditors may read any child.
 */
@Injectable()
export class ChildAccess {
  constructor(
    @Inject(DatabaseConnection) private readonly database: DatabaseConnection,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async assertMayRead(childId: string, viewer: Viewer): Promise<void> {
    const [first] = await this.store.readStream(childStreamId(childId), { limit: 1 });
    if (!first) throw new ChildNotRegisteredError(childId);
    if (viewer.role !== 'agency') return;
    if (await this.involvedInReadModel(childId, viewer.agencyId!)) return;
    // The read model may not have caught up with the agency's first event yet: ask the ledger.
    const events = await this.store.readStream(childStreamId(childId));
    if (events.some((event) => involvedAgencies(event).includes(viewer.agencyId!))) return;
    throw new ForbiddenError('This agency is not involved with this child');
  }

  private async involvedInReadModel(childId: string, agencyId: string): Promise<boolean> {
    const children = await linkedChildren(this.database.pool, childId);
    const { rowCount } = await this.database.pool.query('SELECT 1 FROM child_involvements WHERE child_id = ANY($1::uuid[]) AND agency_id = $2 LIMIT 1', [children, agencyId]);
    return (rowCount ?? 0) > 0;
  }
}
