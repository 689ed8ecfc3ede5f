import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { childStreamId } from '../../children/stream/child-stream';
import { DatabaseConnection } from '../../database/database-connection';
import { EVENT_STORE, type EventStore } from '../../ledger/event-store.port';
import { evolveCaseState, initialCaseState, type CaseState } from '../../projections/case-state/case-state';
import { CaseStateRecord } from '../../projections/case-state/case-state.entity';
import { ChildAccess } from '../child-access';
import { eventsVisibleToAgency } from '../../access/visible-events';
import type { Viewer } from '../viewer';

/** `revision` (the last event's) is left out for agencies: it would count events they may not see. */
export interface CaseStateView { childId: string; asOf: string | null; revision?: number; state: CaseState }

export class ReadCaseStateQuery extends Query<CaseStateView> {
  constructor(readonly childId: string, readonly viewer: Viewer, readonly asOf: Date | undefined, readonly asOfText: string | null) {
    super();
  }
}

/**
 * The case state from its read model (a TypeORM repository), or folded from the ledger for `asOf`
 * (and while the read model has not yet seen the child). Only agencies involved, reviewers and auditors.
 * An agency's is folded from the events whose content it may know: the read model folds every event,
 * and another agency's sealed allegation or restricted plan must not show in it.
 */
@QueryHandler(ReadCaseStateQuery)
export class ReadCaseStateHandler implements IQueryHandler<ReadCaseStateQuery> {
  constructor(
    @Inject(DatabaseConnection) private readonly database: DatabaseConnection,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ChildAccess) private readonly access: ChildAccess,
  ) {}

  async execute({ childId, viewer, asOf, asOfText }: ReadCaseStateQuery): Promise<CaseStateView> {
    await this.access.assertMayRead(childId, viewer);
    const stored = asOf || viewer.role === 'agency' ? null : await this.database.dataSource.getRepository(CaseStateRecord).findOneBy({ childId });
    if (stored) return { childId, asOf: null, revision: Number(stored.revision), state: stored.state };
    const recorded = (await this.store.readStream(childStreamId(childId))).filter((event) => !asOf || event.recordedAt < asOf);
    // An agency's case state leaves out other agencies' sealed events and the content of their restricted ones.
    const events = viewer.role === 'agency' ? eventsVisibleToAgency(viewer.agencyId!, recorded, { contentToo: true }) : recorded;
    const state = events.reduce(evolveCaseState, initialCaseState(childId));
    if (viewer.role === 'agency') return { childId, asOf: asOfText, state };
    return { childId, asOf: asOfText, revision: events.length ? events[events.length - 1].revision : -1, state };
  }
}
