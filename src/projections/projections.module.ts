import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Module } from '@nestjs/common';
import { ComplianceProjection } from '../compliance/findings/compliance.projection';
import { COMPLIANCE_PROFILE, loadProfile } from '../compliance/profile/load-profile';
import type { ProfileSchedule } from '../compliance/profile/policy-profile';
import { RULES } from '../compliance/rules/rule-catalogue';
import { Environment } from '../config/environment';
import { DatabaseConnection } from '../database/database-connection';
import { LedgerModule } from '../ledger/ledger.module';
import { CaseStateProjection } from './case-state/case-state.projection';
import { ChronologyProjection } from './chronology/chronology.projection';
import { ProjectionMonitor } from './projection-monitor';
import { ProjectionWorkers } from './projection-workers';
import { PROJECTIONS } from './runner/projection';
import { ProjectionLeases } from './runner/projection-leases';

const PROJECTION_PROVIDERS = [
  { provide: COMPLIANCE_PROFILE, inject: [Environment], useFactory: (environment: Environment) => loadProfile(environment.COMPLIANCE_PROFILE_FILE) },
  {
    provide: PROJECTIONS,
    inject: [COMPLIANCE_PROFILE, Environment],
    useFactory: (profile: ProfileSchedule, environment: Environment) =>
      [new ChronologyProjection(), new CaseStateProjection(), new ComplianceProjection(RULES, profile, environment.COMPLIANCE_INTERVAL_MS)],
  },
  {
    provide: ProjectionLeases,
    inject: [DatabaseConnection],
    // The owner names this instance in projection_leases, for operators.
    useFactory: (database: DatabaseConnection) => new ProjectionLeases(database.clientConfig, `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`),
  },
  ProjectionWorkers,
  ProjectionMonitor,
];

/** The read models' projections, their runners (started with the service) and their monitor. */
@Module({ imports: [LedgerModule], providers: PROJECTION_PROVIDERS, exports: [PROJECTIONS, ProjectionLeases, ProjectionMonitor, COMPLIANCE_PROFILE] })
export class ProjectionsModule {}
