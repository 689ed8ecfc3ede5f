import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Environment, validateEnvironment } from './environment';

/**
 * Validated settings as one typed `Environment` object, injectable anywhere. ConfigModule validates
 * the environment (and reads a .env file) when the module is loaded; the `Environment` itself is
 * read when each application starts, so a process that builds several applications (the tests)
 * never sees an earlier one's settings.
 */
@Global()
@Module({
  imports: [ConfigModule.forRoot({ validate: validateEnvironment })],
  providers: [{ provide: Environment, useFactory: () => validateEnvironment(process.env) }],
  exports: [Environment],
})
export class AppConfigModule {}
