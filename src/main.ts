import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApplication } from './create-application';
import { Environment } from './config/environment';

async function bootstrap(): Promise<void> {
  const app = await createApplication();
  const port = app.get(Environment).PORT;
  await app.listen(port, '0.0.0.0');
  new Logger('Ledger').log(`Listening on http://localhost:${port} (OpenAPI at /docs)`);
}

bootstrap().catch((error: unknown) => {
  // Configuration errors are written for people; anything else is reported by name only.
  console.error(error instanceof Error && error.name === 'InvalidEnvironmentError' ? error.message : error);
  process.exit(1);
});
