import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AccessModule } from '../access/access.module';
import { LedgerModule } from '../ledger/ledger.module';
import { AgencyHistoryController } from './agency-history/agency-history.controller';
import { ReadAgencyHistoryHandler } from './agency-history/agency-history.query';
import { CaseStateController } from './case-state/case-state.controller';
import { ReadCaseStateHandler } from './case-state/read-case-state.query';
import { ChildAccess } from './child-access';
import { ChronologyController } from './chronology/chronology.controller';
import { ReadChronologyHandler } from './chronology/read-chronology.query';

const QUERY_HANDLERS = [ReadChronologyHandler, ReadAgencyHistoryHandler, ReadCaseStateHandler];

/** What reviewers, auditors and involved agencies read: chronology (and its exports), agency history, case state. */
@Module({
  imports: [CqrsModule, LedgerModule, AccessModule],
  controllers: [ChronologyController, AgencyHistoryController, CaseStateController],
  providers: [ChildAccess, ...QUERY_HANDLERS],
})
export class ReviewModule {}
