import { Module } from '@nestjs/common';
import { AppConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { LedgerModule } from '../ledger/ledger.module';

/** What operator commands need: configuration, the database and the ledger; no HTTP server. */
@Module({ imports: [AppConfigModule, DatabaseModule, LedgerModule] })
export class CliModule {}
