import { Module } from '@nestjs/common';
import { AccessModule } from './access/access.module';
import { ChildrenModule } from './children/children.module';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { LedgerModule } from './ledger/ledger.module';

@Module({
  imports: [AppConfigModule, DatabaseModule, LedgerModule, AccessModule, ChildrenModule, HealthModule],
})
export class AppModule {}
