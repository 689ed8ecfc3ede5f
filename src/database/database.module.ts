import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Environment } from '../config/environment';
import { DatabaseConnection } from './database-connection';

@Global()
@Module({
  providers: [
    { provide: DatabaseConnection, inject: [Environment], useFactory: (environment: Environment) => DatabaseConnection.open(environment) },
  ],
  exports: [DatabaseConnection],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DatabaseConnection) private readonly database: DatabaseConnection) {}

  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}
