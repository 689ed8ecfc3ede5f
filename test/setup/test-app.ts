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

/** The real application, as `npm start` builds it, on a fresh database of the test file's own. */
export async function openTestApp(): Promise<TestApp> {
  const database = await openTestDatabase(10);
  Object.assign(process.env, { DATABASE_URL: database.url, LEDGER_ADMIN_KEY: TEST_ADMIN_KEY, LOG_LEVEL: 'warn', COMPLIANCE_INTERVAL_MS: '50' });
  const app = await createApplication();
  await initApplication(app);
  return {
    app,
    database,
    http: request(app.getHttpServer()),
    projected: () => waitForProjections(app.get(ProjectionMonitor)),
    close: async () => {
      await app.close();
      for (const name of ['DATABASE_URL', 'LEDGER_ADMIN_KEY', 'LOG_LEVEL', 'COMPLIANCE_INTERVAL_MS']) delete process.env[name];
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
