import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Environment } from '../config/environment';
import { DatabaseConnection } from '../database/database-connection';
import { EVENT_STORE, type EventStore } from '../ledger/event-store.port';
import { PROJECTIONS, type Projection } from './runner/projection';
import { ProjectionLeases } from './runner/projection-leases';
import { ProjectionRunner } from './runner/projection-runner';

/** Starts a runner per projection when the service starts (each waits for its lease), stops them at shutdown. */
@Injectable()
export class ProjectionWorkers implements OnApplicationBootstrap, OnApplicationShutdown {
  private runners: ProjectionRunner[] = [];

  constructor(
    @Inject(DatabaseConnection) private readonly database: DatabaseConnection,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTIONS) private readonly projections: readonly Projection[],
    @Inject(ProjectionLeases) private readonly leases: ProjectionLeases,
    @Inject(Environment) private readonly environment: Environment,
  ) {}

  onApplicationBootstrap(): void {
    if (this.environment.RUN_PROJECTIONS !== 'true') return;
    const pollIntervalMs = this.environment.PROJECTION_POLL_INTERVAL_MS;
    this.runners = this.projections.map((projection) => new ProjectionRunner(this.database.pool, this.store, projection, this.leases, { pollIntervalMs }));
    for (const runner of this.runners) runner.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.stop()));
    await this.leases.close();
  }
}
