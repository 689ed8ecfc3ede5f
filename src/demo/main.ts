import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createApplication } from '../create-application';
import { seedDemoFamily } from './demo-family';

/**
 * `npm run demo`: the service on a fresh embedded database of its own (./data-demo, never a server
 * named in DATABASE_URL: the demo must not write fiction into real records), the fictional Ashdown
 * family seeded through the API, and the pages' address with a reviewer's and an auditor's key.
 */
async function demo(): Promise<void> {
  const dataDir = process.env.DEMO_DATA_DIR ?? './data-demo';
  rmSync(dataDir, { recursive: true, force: true });
  delete process.env.DATABASE_URL;
  process.env.EMBEDDED_DATA_DIR = dataDir;
  process.env.LEDGER_ADMIN_KEY ??= randomBytes(24).toString('hex');
  process.env.LOG_LEVEL ??= 'warn';
  const app = await createApplication();
  await app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  const seed = await seedDemoFamily(base, process.env.LEDGER_ADMIN_KEY);
  console.log([
    '',
    'The fictional Ashdown family is in the ledger (embedded database in ' + dataDir + ').',
    `  Pages:        ${base}/ui`,
    `  Reviewer key: ${seed.reviewerKey}`,
    `  Auditor key:  ${seed.auditorKey}`,
    '  Find a child by NHS number: Isla 943 476 5919, Noah 943 476 5870, Rosie 943 476 5862 (test numbers).',
    'Press Ctrl+C to stop.',
  ].join('\n'));
}

demo().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
