import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Environment } from '../config/environment';
import { DatabaseConnection } from '../database/database-connection';
import { EVENT_STORE, type EventStore } from '../ledger/event-store.port';
import { TransactionsNotAppending } from '../ledger/postgres/transactions-not-appending';
import { ForegroundWork } from './runner/foreground-work';
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
    @Inject(TransactionsNotAppending) private readonly notAppending: TransactionsNotAppending,
  ) {}

  onApplicationBootstrap(): void {
    const pollIntervalMs = this.environment.PROJECTION_POLL_INTERVAL_MS;
    const running = projectionsToRun(this.environment.RUN_PROJECTIONS, this.projections);
    // On the embedded database one backend serves every connection: a step of the chronology may be
    // waiting there for compliance's transaction to end, so compliance must not wait for that step,
    // nor open a connection of its own while its transaction is open.
    const foreground = this.database.mode === 'server' ? new ForegroundWork() : undefined;
    if (foreground) for (const projection of running) projection.onServer?.({ foreground, connection: this.database.clientConfig, notAppending: this.notAppending });
    this.runners = running.map((projection) => new ProjectionRunner(this.database.pool, this.store, projection, this.leases, {
      pollIntervalMs, foreground: projection.onServer ? undefined : foreground,
    }));
    for (const runner of this.runners) runner.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.stop()));
    await Promise.all(this.projections.map((projection) => projection.close?.()));
    await this.leases.close();
  }
}

/** The projections RUN_PROJECTIONS names (`true`: all, `false`: none); an unknown name stops the start, with the names there are. */
export function projectionsToRun(setting: string, projections: readonly Projection[]): Projection[] {
  if (setting === 'true') return [...projections];
  if (setting === 'false') return [];
  const names = setting.split(',');
  const unknown = names.filter((name) => !projections.some((projection) => projection.name === name));
  if (unknown.length > 0) throw new Error(`RUN_PROJECTIONS names ${unknown.join(', ')}: the projections are ${projections.map((projection) => projection.name).join(', ')}`);
  return projections.filter((projection) => names.includes(projection.name));
}
