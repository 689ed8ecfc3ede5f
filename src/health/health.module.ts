import { Module } from '@nestjs/common';
import { ProjectionsModule } from '../projections/projections.module';
import { LedgerModule } from '../ledger/ledger.module';
import { HealthController } from './health.controller';

@Module({ imports: [LedgerModule, ProjectionsModule], controllers: [HealthController] })
export class HealthModule {}
