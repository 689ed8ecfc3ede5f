import { Module } from '@nestjs/common';
import { AppConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { AccessModule } from '../access/access.module';
import { ImportsModule } from '../imports/imports.module';
import { LedgerModule } from '../ledger/ledger.module';

/** What operator commands need: configuration, the database, the ledger and the importer; no HTTP server. */
@Module({ imports: [AppConfigModule, DatabaseModule, LedgerModule, AccessModule, ImportsModule] })
export class CliModule {}
