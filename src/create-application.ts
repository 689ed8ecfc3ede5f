import { type INestApplication, type LogLevel, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { ProblemDetailsFilter } from './common/errors/problem-details.filter';
import { correlationIdHook } from './common/http/correlation-id';
import { ObjectBodyPipe, registerJsonBodyParser } from './common/http/json-body';
import { problemsFrom, ValidationFailedError } from './common/validation/field-problems';

/** Request bodies over this are answered 413 (API.md). */
export const MAX_BODY_BYTES = 256 * 1024;

/**
 * The HTTP application as `main.ts` runs it; e2e tests call this too, so they test the real thing.
 * Fastify rather than Express: half the framework cost per request (docs/adr/0008-fastify.md).
 */
export async function createApplication(): Promise<INestApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: MAX_BODY_BYTES });
  // bodyParser: false keeps Fastify's own JSON parser (with bodyLimit) and no form parser.
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, adapter, { logger: logLevelsFrom(process.env.LOG_LEVEL), bodyParser: false });
  const fastify = app.getHttpAdapter().getInstance();
  registerJsonBodyParser(fastify, MAX_BODY_BYTES); // JSON only: anything else is 415
  fastify.addHook('onRequest', correlationIdHook);
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(
    new ObjectBodyPipe(),
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

/** Completes start-up without listening (tests drive the server through supertest). */
export async function initApplication(app: INestApplication): Promise<void> {
  await app.init();
  await (app as NestFastifyApplication).getHttpAdapter().getInstance().ready();
}

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** LOG_LEVEL names the most detailed level to print; the config validation rejects unknown names. */
function logLevelsFrom(level: string | undefined): LogLevel[] {
  const index = LEVELS.indexOf((level ?? 'log') as LogLevel);
  return LEVELS.slice(0, index < 0 ? LEVELS.indexOf('log') + 1 : index + 1);
}
