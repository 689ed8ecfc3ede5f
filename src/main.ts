import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { createApplication } from './create-application';
import { Environment } from './config/environment';

async function bootstrap(): Promise<void> {
  const app = await createApplication();
  await app.listen(app.get(Environment).PORT, '0.0.0.0');
  const { port } = app.getHttpServer().address() as AddressInfo;
  new Logger('Ledger').log(`Listening on http://localhost:${port} (OpenAPI at /docs)`);
}

bootstrap().catch((error: unknown) => {
  // Configuration and start-up errors are written for people; print the message, not a stack.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
