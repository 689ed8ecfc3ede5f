import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { EVENT_CATALOGUE } from '../src/children/catalogue/event-catalogue';
import { createApplication, initApplication } from '../src/create-application';
import { runBuilt } from './setup/run-built';
import { openTestDatabase, type TestDatabase } from './setup/test-database';

describe('the service', () => {
  let database: TestDatabase;
  let app: INestApplication;

  beforeAll(async () => {
    database = await openTestDatabase(5);
    process.env.DATABASE_URL = database.url;
    process.env.LOG_LEVEL = 'warn';
    app = await createApplication();
    await initApplication(app);
  });
  afterAll(async () => {
    await app.close();
    delete process.env.DATABASE_URL;
    delete process.env.LOG_LEVEL;
    await database.close();
  });

  it('answers /health with the database up, its mode, and each projection with its lag', async () => {
    const response = await request(app.getHttpServer()).get('/health').expect(200);
    expect(response.body).toMatchObject({ status: 'ok', database: { status: 'up', mode: 'server' } });
    expect(response.body.projections.map((projection: { name: string }) => projection.name)).toEqual(['chronology', 'case-state', 'compliance']);
  });

  it('serves its OpenAPI description, with a schema for every event type and an example for every live one', async () => {
    const response = await request(app.getHttpServer()).get('/docs-json').expect(200);
    expect(response.body.info.title).toBe('Safeguarding concern ledger');
    const schemas = Object.keys(response.body.components.schemas);
    for (const definition of EVENT_CATALOGUE.values()) expect(schemas).toContain(definition.data.name);
    const examples = response.body.paths['/v1/children/{childId}/events'].post.requestBody.content['application/json'].examples;
    const live = [...EVENT_CATALOGUE.values()].filter((definition) => definition.intake === 'live').map((definition) => definition.type);
    expect(Object.keys(examples).sort()).toEqual(live.sort());
  });

  it('answers an unknown path with problem+json', async () => {
    const response = await request(app.getHttpServer()).get('/nowhere').expect(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status: 404, code: 'HTTP.404' });
  });
});

describe('starting with a bad setting', () => {
  it.each([
    ['PORT', 'eighty', 'PORT must not be'],
    ['DATABASE_URL', 'mysql://nope', 'DATABASE_URL must be a postgres:// or postgresql:// URL'],
    ['LEDGER_ADMIN_KEY', 'short', 'LEDGER_ADMIN_KEY must be at least 32 characters'],
    ['EVENT_STORE', 'mongodb', 'EVENT_STORE must be postgres or kurrentdb'],
    ['EVENT_STORE', 'kurrentdb', 'EVENT_STORE=kurrentdb needs KURRENTDB_URL'],
    ['KURRENTDB_URL', 'http://127.0.0.1:2113', 'KURRENTDB_URL must be a kurrentdb://'],
  ])('given %s=%s, then it stops at once with a message naming the setting', async (name, value, message) => {
    const outcome = await runBuilt('src/main.js', [], { [name]: value }, 30_000);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain('Invalid configuration');
    expect(outcome.stderr).toContain(message);
  });
});

describe('starting with no DATABASE_URL', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-embedded-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts an embedded PostgreSQL in the data folder, says so, answers /health, and keeps a second process out', async () => {
    const child = spawn(process.execPath, [resolve('dist/src/main.js')], {
      env: { PATH: process.env.PATH, PORT: '0', EMBEDDED_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let output = '';
      const port = await new Promise<string>((resolvePort, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /Listening on http:\/\/localhost:(\d+)/.exec(output);
          if (match) resolvePort(match[1]);
        });
        child.on('exit', () => reject(new Error(`service exited: ${output}`)));
      });
      expect(output).toContain(`embedded PostgreSQL (PGlite) with its data in ${dataDir}`);
      const health = await request(`http://127.0.0.1:${port}`).get('/health').expect(200);
      expect(health.body.database).toEqual({ status: 'up', mode: 'embedded' });

      const second = await runBuilt('src/main.js', [], { PORT: '0', EMBEDDED_DATA_DIR: dataDir }, 30_000);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(`is in use by process ${child.pid}`);
    } finally {
      child.kill('SIGTERM');
      await new Promise((done) => child.once('close', done));
    }
  });
});
