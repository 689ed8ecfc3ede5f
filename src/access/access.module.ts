import { Global, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { CLOCK, type Clock } from '../common/clock';
import { Environment } from '../config/environment';
import { DatabaseConnection } from '../database/database-connection';
import { LedgerModule } from '../ledger/ledger.module';
import { AccessRepository } from './access-repository';
import { AdminController } from './admin.controller';
import { ApiKeyCodec, serverKeySecret } from './api-key-codec';
import { ApiKeyGuard } from './api-key.guard';
import { Authenticator } from './authenticator';
import { FailedAuthentications } from './hardening/failed-authentications';
import { KeyRateLimitGuard } from './hardening/key-rate-limit.guard';
import { AccessLog } from './access-log/access-log';
import { AccessLogController } from './access-log/access-log.controller';
import { ChildReadInterceptor } from './access-log/child-read.interceptor';
import { KeysController } from './keys.controller';
import { ReviewAssignments } from './reviews/review-assignments';
import { ReviewsController } from './reviews/reviews.controller';

const ACCESS_PROVIDERS = [
  { provide: AccessRepository, inject: [DatabaseConnection], useFactory: (database: DatabaseConnection) => new AccessRepository(database.pool) },
  {
    provide: ApiKeyCodec,
    inject: [Environment],
    useFactory: (environment: Environment) => new ApiKeyCodec(serverKeySecret(environment.LEDGER_KEY_SECRET, environment.LEDGER_ADMIN_KEY)),
  },
  {
    provide: Authenticator,
    inject: [AccessRepository, ApiKeyCodec, CLOCK, Environment],
    useFactory: (repository: AccessRepository, codec: ApiKeyCodec, clock: Clock, environment: Environment) =>
      new Authenticator(repository, codec, clock, environment.LEDGER_ADMIN_KEY),
  },
  { provide: FailedAuthentications, inject: [Environment], useFactory: (environment: Environment) => new FailedAuthentications(environment.AUTH_FAILURES_PER_MINUTE, environment.AUTH_FAILURE_DELAY_MS) },
  // Guards run in this order: the key guard names the caller, then the rate limit counts per key.
  { provide: APP_GUARD, useClass: ApiKeyGuard },
  { provide: APP_GUARD, useClass: KeyRateLimitGuard },
  { provide: AccessLog, inject: [DatabaseConnection], useFactory: (database: DatabaseConnection) => new AccessLog(database.pool) },
  { provide: ReviewAssignments, inject: [DatabaseConnection], useFactory: (database: DatabaseConnection) => new ReviewAssignments(database.pool) },
  { provide: APP_INTERCEPTOR, useClass: ChildReadInterceptor },
];

/**
 * API keys, roles, review assignments, the access log and the administration endpoints. Every
 * endpoint with @AllowRoles needs a key; every endpoint with @ChildRead is need-to-know checked and logged.
 */
@Global()
@Module({
  imports: [LedgerModule],
  providers: ACCESS_PROVIDERS,
  controllers: [AdminController, KeysController, ReviewsController, AccessLogController],
  exports: [AccessRepository, AccessLog, Authenticator, FailedAuthentications],
})
export class AccessModule {}
