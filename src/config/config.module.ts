import { Global, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { Environment, validateEnvironment } from './environment';

/** Validated settings as one typed `Environment` object, injectable anywhere. */
@Global()
@Module({
  imports: [ConfigModule.forRoot({ validate: validateEnvironment, cache: true })],
  providers: [
    {
      provide: Environment,
      inject: [ConfigService],
      useFactory: (config: ConfigService) =>
        validateEnvironment(Object.fromEntries(Object.keys(new Environment()).map((key) => [key, config.get(key)]))),
    },
  ],
  exports: [Environment],
})
export class AppConfigModule {}
