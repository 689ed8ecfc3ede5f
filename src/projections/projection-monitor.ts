import { Inject, Injectable } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { DatabaseConnection } from '../database/database-connection';
import { EVENT_STORE, type EventStore } from '../ledger/event-store.port';
import { createMetricsRegistry } from './projection-metrics';
import { PROJECTIONS, type Projection } from './runner/projection';
import { readProjectionStatuses, type ProjectionStatus } from './runner/projection-status';

/** Projection lag and state for /health, /metrics, the CLI and the tests. */
@Injectable()
export class ProjectionMonitor {
  readonly metrics: Registry;

  constructor(
    @Inject(DatabaseConnection) private readonly database: DatabaseConnection,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTIONS) readonly projections: readonly Projection[],
  ) {
    this.metrics = createMetricsRegistry(() => this.statuses());
  }

  statuses(): Promise<ProjectionStatus[]> {
    return readProjectionStatuses(this.database.pool, this.store, this.projections);
  }

  /** True when every projection has applied every event readable now. */
  async caughtUp(): Promise<boolean> {
    return (await this.statuses()).every((status) => status.lagEvents === 0);
  }
}
