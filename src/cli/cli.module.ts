import { Module } from '@nestjs/common';
import { AppConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { AccessModule } from '../access/access.module';
import { ImportsModule } from '../imports/imports.module';
import { LedgerModule } from '../ledger/ledger.module';
import { ProjectionsModule } from '../projections/projections.module';
import { ReviewModule } from '../review/review.module';
import { ComplianceModule } from '../compliance/compliance.module';

/** What operator commands need: configuration, the database, the ledger, the importer and the projections (not run: RUN_PROJECTIONS is false in the CLI); no HTTP server. */
@Module({ imports: [AppConfigModule, DatabaseModule, LedgerModule, AccessModule, ImportsModule, ProjectionsModule, ReviewModule, ComplianceModule] })
export class CliModule {}
