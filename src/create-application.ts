import { type INestApplication, type LogLevel, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { ProblemDetailsFilter } from './common/errors/problem-details.filter';
import { correlationIdHook, correlationIdOf } from './common/http/correlation-id';
import { frameworkErrors } from './common/http/framework-errors';
import { registerSecurityHeaders } from './common/http/security-headers';
import { StructuredLogger } from './common/logging/structured-logger';
import type { Principal } from './access/principal';
import { ObjectBodyPipe, registerJsonBodyParser } from './common/http/json-body';
import { problemsFrom, ValidationFailedError } from './common/validation/field-problems';
import { rememberValidationRules } from './common/validation/validation-metadata-cache';

/** Request bodies over this are answered 413 (API.md). */
export const MAX_BODY_BYTES = 256 * 1024;

/**
 * The HTTP application as `main.ts` runs it; e2e tests call this too, so they test the real thing.
 * Fastify rather than Express: half the framework cost per request (docs/adr/0008-fastify.md).
 */
export async function createApplication(): Promise<INestApplication> {
  rememberValidationRules();
  const adapter = new FastifyAdapter({ bodyLimit: MAX_BODY_BYTES, frameworkErrors });
  // bodyParser: false keeps Fastify's own JSON parser (with bodyLimit) and no form parser.
  const logger = new StructuredLogger(mostDetailedLevel(process.env.LOG_LEVEL));
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, adapter, { logger, bodyParser: false, abortOnError: false }); // a start-up error reaches main's handler, which prints it for people
  // CORS stays off (no browser on another origin may call the API) unless CORS_ORIGINS names origins.
  const corsOrigins = process.env.CORS_ORIGINS?.split(',').filter(Boolean);
  if (corsOrigins?.length) app.enableCors({ origin: corsOrigins, credentials: false });
  const fastify = app.getHttpAdapter().getInstance();
  registerSecurityHeaders(fastify);
  registerJsonBodyParser(fastify, MAX_BODY_BYTES); // JSON only: anything else is 415
  fastify.addHook('onRequest', correlationIdHook);
  // One line per request: the route's pattern (never the ids or query in the URL), status, time and
  // who called; never headers or bodies.
  fastify.addHook('onResponse', (request, reply, done) => {
    const principal = (request as unknown as { principal?: Principal }).principal;
    logger.pino.info({ context: 'HTTP', method: request.method, route: request.routeOptions.url ?? '(no route)', status: reply.statusCode, ms: Math.round(reply.elapsedTime), principal: principal?.id, role: principal?.role, correlationId: correlationIdOf(request) }, 'request');
    done();
  });
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
function mostDetailedLevel(level: string | undefined): LogLevel {
  return LEVELS.includes(level as LogLevel) ? level as LogLevel : 'log';
}
