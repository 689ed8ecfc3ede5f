import { type INestApplication, type LogLevel, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { ProblemDetailsFilter } from './common/errors/problem-details.filter';
import { correlationIdMiddleware } from './common/http/correlation-id';
import { problemsFrom, ValidationFailedError } from './common/validation/field-problems';

/** Request bodies over this are answered 413 (API.md). */
export const MAX_BODY = '256kb';

/** The HTTP application as `main.ts` runs it; e2e tests call this too, so they test the real thing. */
export async function createApplication(): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { logger: logLevelsFrom(process.env.LOG_LEVEL), bodyParser: false });
  app.useBodyParser('json', { limit: MAX_BODY });
  app.use(correlationIdMiddleware);
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      exceptionFactory: (errors) => new ValidationFailedError(problemsFrom(errors)),
    }),
  );
  app.enableShutdownHooks();
  const openApi = new DocumentBuilder()
    .setTitle('Safeguarding concern ledger')
    .setDescription('Multi-agency safeguarding records as an immutable, verifiable event history.')
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'an API key: sclk_...' })
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi), { jsonDocumentUrl: 'docs-json' });
  return app;
}

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** LOG_LEVEL names the most detailed level to print; the config validation rejects unknown names. */
function logLevelsFrom(level: string | undefined): LogLevel[] {
  const index = LEVELS.indexOf((level ?? 'log') as LogLevel);
  return LEVELS.slice(0, index < 0 ? LEVELS.indexOf('log') + 1 : index + 1);
}
