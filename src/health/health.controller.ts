import { Controller, Get, Header, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Response } from 'fastify';
import { Environment } from '../config/environment';
import { DatabaseConnection } from '../database/database-connection';
import { EVENT_STORE, type EventStore } from '../ledger/event-store.port';
import { ProjectionMonitor } from '../projections/projection-monitor';
import type { ProjectionStatus } from '../projections/runner/projection-status';

const DATABASE_CHECK_TIMEOUT_MS = 2000;

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(
    @Inject(DatabaseConnection) private readonly database: DatabaseConnection,
    @Inject(ProjectionMonitor) private readonly monitor: ProjectionMonitor,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(Environment) private readonly environment: Environment,
  ) {}

  @Get('health')
  @ApiOperation({ summary: 'Liveness, database readiness and projection lag; no key needed. 503 when the database or the event store does not answer; "degraded" when a projection is parked' })
  async health(@Res({ passthrough: true }) response: Response) {
    // Projection statuses read both the read models and the event store: when they answer, both are up.
    const projections = await within(this.monitor.statuses(), undefined);
    const databaseUp = projections !== undefined || (await within(this.database.pool.query('SELECT 1').then(() => true, () => false), false));
    const kind = this.environment.EVENT_STORE;
    const eventStoreUp = projections !== undefined || (kind === 'postgres' ? databaseUp : await within(this.store.lagAfter(undefined).then(() => true), false));
    const replicaUp = this.database.hasReadReplica ? await within(this.database.readPool.query('SELECT 1').then(() => true), false) : undefined;
    const up = databaseUp && eventStoreUp;
    if (!up) response.status(HttpStatus.SERVICE_UNAVAILABLE);
    const parked = projections?.some((projection) => projection.status === 'parked') ?? false;
    return {
      // Without its replica the service still records everything; only the read-model queries wait.
      status: up ? (parked || replicaUp === false ? 'degraded' : 'ok') : 'unavailable',
      database: { status: databaseUp ? 'up' : 'down', mode: this.database.mode },
      ...(replicaUp === undefined ? {} : { readReplica: { status: replicaUp ? 'up' : 'down' } }),
      eventStore: { status: eventStoreUp ? 'up' : 'down', kind },
      projections: (projections ?? []).map(describe),
    };
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics: process figures and projection lag; no key needed' })
  async metrics(): Promise<string> {
    return this.monitor.metrics.metrics();
  }
}

function describe(projection: ProjectionStatus) {
  return {
    name: projection.name, status: projection.status, lagEvents: projection.lagEvents, lagSeconds: Math.round(projection.lagSeconds * 1000) / 1000,
    position: projection.position, ...(projection.parked ? { parked: projection.parked } : {}),
  };
}

/** The value, or `fallback` when the database does not answer within the check's time or fails. */
async function within<T, F>(work: Promise<T>, fallback: F): Promise<T | F> {
  const timeout = new Promise<F>((resolve) => setTimeout(() => resolve(fallback), DATABASE_CHECK_TIMEOUT_MS).unref());
  return Promise.race([work.catch(() => fallback), timeout]);
}
