import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApplication, initApplication } from '../../src/create-application';
import { ProjectionMonitor } from '../../src/projections/projection-monitor';
import { openTestDatabase, type TestDatabase } from './test-database';

export const TEST_ADMIN_KEY = 'test-admin-key-0123456789abcdef0123456789';

export interface TestApp {
  app: INestApplication;
  database: TestDatabase;
  http: ReturnType<typeof request>;
  /** Resolves once every projection has applied every event stored so far (never a fixed sleep). */
  projected(): Promise<void>;
  close(): Promise<void>;
}

/** The real application, as `npm start` builds it, on a fresh database of the test file's own (`env`: settings over the tests' defaults). */
export async function openTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await openTestDatabase(10);
  // Tests call with wrong and missing keys on purpose, many times a minute: no slowing or 429 unless a test asks for it.
  const settings = { DATABASE_URL: database.url, LEDGER_ADMIN_KEY: TEST_ADMIN_KEY, LOG_LEVEL: 'error', COMPLIANCE_INTERVAL_MS: '50', AUTH_FAILURES_PER_MINUTE: '100000', AUTH_FAILURE_DELAY_MS: '0', ...env };
  Object.assign(process.env, settings);
  const app = await createApplication();
  await initApplication(app);
  return {
    app,
    database,
    http: request(app.getHttpServer()),
    projected: () => waitForProjections(app.get(ProjectionMonitor)),
    close: async () => {
      await app.close();
      for (const name of Object.keys(settings)) delete process.env[name];
      await database.close();
    },
  };
}

export const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

/** For reviewer and auditor reads of child data, which must say why (X-Purpose). */
export const reading = (key: string) => ({ ...bearer(key), 'X-Purpose': 'serious case review (test)' });

async function waitForProjections(monitor: ProjectionMonitor, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await monitor.caughtUp())) {
    if (Date.now() > deadline) throw new Error(`Projections did not catch up: ${JSON.stringify(await monitor.statuses())}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A new reviewer with a current assignment (a year) for these children (POST /v1/reviews); its API key. */
export async function reviewerOf(t: TestApp, childIds: string[], name = 'Panel reviewer'): Promise<string> {
  const reviewer = await t.http.post('/v1/principals').set(bearer(TEST_ADMIN_KEY)).send({ role: 'reviewer', name });
  if (reviewer.status !== 201) throw new Error(`reviewer not created: ${reviewer.status}`);
  const expiresAt = new Date(Date.now() + 365 * 24 * 3600 * 1000).toISOString();
  const review = await t.http.post('/v1/reviews').set(bearer(TEST_ADMIN_KEY)).send({ reviewerId: reviewer.body.id, childIds, purpose: 'serious case review (test)', expiresAt });
  if (review.status !== 201) throw new Error(`review not assigned: ${review.status} ${JSON.stringify(review.body)}`);
  return reviewer.body.apiKey as string;
}
