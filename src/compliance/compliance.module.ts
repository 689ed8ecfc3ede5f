import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AccessModule } from '../access/access.module';
import { LedgerModule } from '../ledger/ledger.module';
import { ProjectionsModule } from '../projections/projections.module';
import { ChildAccess } from '../review/child-access';
import { ComplianceController } from './compliance.controller';
import { ComplianceReportHandler } from './findings/compliance-report.query';
import { ReadFindingsHandler } from './findings/read-findings.query';

/** Compliance findings, patterns and the report (the findings themselves are kept by the compliance projection). */
@Module({
  imports: [CqrsModule, LedgerModule, AccessModule, ProjectionsModule],
  controllers: [ComplianceController],
  providers: [ChildAccess, ReadFindingsHandler, ComplianceReportHandler],
})
export class ComplianceModule {}
