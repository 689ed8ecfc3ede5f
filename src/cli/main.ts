import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Command } from 'commander';
import { EVENT_STORE, type EventStore } from '../ledger/event-store.port';
import { CliModule } from './cli.module';
import { verifyCommand } from './verify-command';

/** Operator commands: `npm run ledger -- <command>`. Each opens the configured database, works, and closes. */
async function withLedger(work: (store: EventStore) => Promise<number>): Promise<void> {
  const context = await NestFactory.createApplicationContext(CliModule, { logger: ['error', 'warn'] });
  try {
    process.exitCode = await work(context.get<EventStore>(EVENT_STORE));
  } finally {
    await context.close();
  }
}

const program = new Command('ledger').description('Safeguarding concern ledger: operator commands');

program
  .command('verify')
  .description('recompute every hash and report the first broken revision of each stream; exits 1 on any break')
  .option('--stream <streamId>', 'verify one stream only')
  .option('--no-progress', 'no progress bar')
  .action((options: { stream?: string; progress: boolean }) => withLedger((store) => verifyCommand(store, options)));

program.parseAsync().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 2;
});
