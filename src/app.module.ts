import { Module } from '@nestjs/common';
import { AccessModule } from './access/access.module';
import { ComplianceModule } from './compliance/compliance.module';
import { ChildrenModule } from './children/children.module';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { ImportsModule } from './imports/imports.module';
import { LedgerModule } from './ledger/ledger.module';
import { ProjectionsModule } from './projections/projections.module';
import { ReviewModule } from './review/review.module';
import { WebModule } from './web/web.module';

@Module({
  imports: [AppConfigModule, DatabaseModule, LedgerModule, AccessModule, ChildrenModule, ImportsModule, ProjectionsModule, ReviewModule, ComplianceModule, HealthModule, WebModule],
})
export class AppModule {}
