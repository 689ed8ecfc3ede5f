import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Command } from 'commander';
import type { INestApplicationContext } from '@nestjs/common';
import { ImportRunner } from '../imports/import-runner';
import { EVENT_STORE, type EventStore } from '../ledger/event-store.port';
import { CliModule } from './cli.module';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseMapping } from '../imports/csv-chronology';
import { importChronologyCommand, importCommand } from './import-command';
import { verifyCommand } from './verify-command';

/** Operator commands: `npm run ledger -- <command>`. Each opens the configured database, works, and closes. */
async function withApplication(work: (context: INestApplicationContext) => Promise<number>): Promise<void> {
  const context = await NestFactory.createApplicationContext(CliModule, { logger: ['error', 'warn'] });
  try {
    process.exitCode = await work(context);
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
  .action((options: { stream?: string; progress: boolean }) => withApplication((context) => verifyCommand(context.get<EventStore>(EVENT_STORE), options)));

program
  .command('import')
  .description('import an NDJSON file of history (one event per line, each naming its agency); exits 1 if any line is refused')
  .argument('<file>', 'newline-delimited JSON, as POST /v1/imports takes')
  .option('--dry-run', 'check every line, store nothing, print the report')
  .option('--batch <name>', 'the batch name kept in each event\'s provenance (default: cli:<file name>)')
  .option('--no-progress', 'no progress bar')
  .action((file: string, options: { dryRun?: boolean; batch?: string; progress: boolean }) =>
    withApplication((context) => importCommand(context.get(ImportRunner), file, { dryRun: options.dryRun ?? false, batch: options.batch, progress: options.progress })));

program
  .command('import-csv')
  .description("import an agency's chronology spreadsheet (CSV with a header row) as HistoricalNoteImported events, one per row")
  .argument('<file>', 'the CSV file')
  .requiredOption('--agency <agencyId>', 'the agency whose chronology it is')
  .option('--map <mapping>', 'columns: date=<col>,text=<col>[,category=<col>][,reference=<col>][,nhsNumber=<col>|childId=<col>]')
  .option('--mapping-file <json>', 'the same mapping as a JSON object in a file')
  .option('--child <childId>', 'the child, when the whole spreadsheet is about one child')
  .option('--source <name>', 'names the source in each sourceReference and keeps re-runs idempotent (default: the file name)')
  .option('--dry-run', 'check every row, store nothing, print the report')
  .option('--batch <name>', "the batch name kept in each event's provenance")
  .action((file: string, options: { agency: string; map?: string; mappingFile?: string; child?: string; source?: string; dryRun?: boolean; batch?: string }) => {
    const mapping = options.mappingFile ? parseMapping(Object.entries(JSON.parse(readFileSync(options.mappingFile, 'utf8'))).map(([key, value]) => `${key}=${String(value)}`).join(',')) : parseMapping(options.map ?? '');
    return withApplication((context) => importChronologyCommand(context.get(ImportRunner), file, {
      mapping, agencyId: options.agency, childId: options.child, sourceName: options.source ?? basename(file), dryRun: options.dryRun ?? false, batch: options.batch,
    }));
  });

program.parseAsync().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 2;
});
