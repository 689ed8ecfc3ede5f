import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { AccessModule } from './access/access.module';
import { ChildrenModule } from './children/children.module';
import { JsonOnlyMiddleware } from './common/http/json-only.middleware';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { LedgerModule } from './ledger/ledger.module';

@Module({
  imports: [AppConfigModule, DatabaseModule, LedgerModule, AccessModule, ChildrenModule, HealthModule],
})
export class AppModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(JsonOnlyMiddleware).forRoutes('v1/*path');
  }
}
