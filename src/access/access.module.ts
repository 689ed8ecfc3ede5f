import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CLOCK, type Clock } from '../common/clock';
import { Environment } from '../config/environment';
import { DatabaseConnection } from '../database/database-connection';
import { LedgerModule } from '../ledger/ledger.module';
import { AccessRepository } from './access-repository';
import { AdminController } from './admin.controller';
import { ApiKeyCodec, serverKeySecret } from './api-key-codec';
import { ApiKeyGuard } from './api-key.guard';
import { Authenticator } from './authenticator';

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
  { provide: APP_GUARD, useClass: ApiKeyGuard },
];

/** API keys, roles and the administration endpoints. Every endpoint with @AllowRoles needs a key. */
@Global()
@Module({ imports: [LedgerModule], providers: ACCESS_PROVIDERS, controllers: [AdminController], exports: [AccessRepository] })
export class AccessModule {}
