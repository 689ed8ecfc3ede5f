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
import { projectionsCommand, rebuildCommand } from './projection-commands';
import { exportChronologyCommand } from './export-chronology-command';
import { complianceReportCommand } from './compliance-report-command';
import { Environment } from '../config/environment';
import { migrateEventsCommand } from './migrate-events-command';
import { openMigrationTarget } from './migration-target';
import { rememberValidationRules } from '../common/validation/validation-metadata-cache';

// Operator commands never run the projections themselves: the service does.
process.env.RUN_PROJECTIONS = 'false';

/** Operator commands: `npm run ledger -- <command>`. Each opens the configured database, works, and closes. */
async function withApplication(work: (context: INestApplicationContext) => Promise<number>): Promise<void> {
  rememberValidationRules();
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

program
  .command('rebuild')
  .description('rebuild a read model from the start of the ledger beside the live one, then swap it in (no downtime)')
  .argument('<projection>', 'chronology, case-state, or all')
  .option('--no-progress', 'no progress bar')
  .action((name: string, options: { progress: boolean }) => withApplication((context) => rebuildCommand(context, name, options)));

program
  .command('projections')
  .description('status of every projection; retry or skip the event a parked projection stopped at')
  .argument('<action>', 'status, retry or skip')
  .argument('[projection]', 'for retry and skip')
  .action((action: string, name?: string) => withApplication((context) => projectionsCommand(context, action, name)));

program
  .command('export-chronology')
  .description("write a child's multi-agency chronology (as known on a date) as CSV or PDF")
  .argument('<childId>')
  .option('--as-of <date>', 'as known at the end of this day (YYYY-MM-DD, Europe/London) or at this instant')
  .option('--format <format>', 'csv or pdf', 'csv')
  .option('--out <file>', 'the file to write (default: standard output)')
  .requiredOption('--purpose <text>', 'why it is exported (kept in the access log with your login)')
  .action((childId: string, options: { asOf?: string; format: string; out?: string; purpose: string }) => withApplication((context) => exportChronologyCommand(context, childId, options)));

program
  .command('compliance-report')
  .description('compliance per rule and agency over findings due in a period: checked, met, breached, open, rate')
  .requiredOption('--from <date>', 'first day (YYYY-MM-DD)')
  .requiredOption('--to <date>', 'last day (YYYY-MM-DD)')
  .option('--format <format>', 'csv or json', 'csv')
  .action((options: { from: string; to: string; format: string }) => withApplication((context) => complianceReportCommand(context, options)));

program
  .command('migrate-events')
  .description('copy every event, in global order and exactly as recorded, into another event store; resumable; verifies the target')
  .requiredOption('--to <store>', 'kurrentdb or postgres')
  .option('--target-url <url>', 'the target: a postgres:// URL, or a kurrentdb:// connection string (default: KURRENTDB_URL, or DATABASE_URL when the events are in KurrentDB now)')
  .option('--page-size <events>', 'events copied per atomic write', '1000')
  .option('--no-progress', 'no progress bar')
  .action((options: { to: string; targetUrl?: string; pageSize: string; progress: boolean }) => withApplication(async (context) => {
    const pageSize = Number(options.pageSize);
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 10_000) throw new Error('--page-size must be a whole number from 1 to 10000');
    const target = await openMigrationTarget(context.get(Environment), options.to, options.targetUrl);
    try {
      const code = await migrateEventsCommand(context.get<EventStore>(EVENT_STORE), target.store, { to: options.to, pageSize, progress: options.progress });
      if (code === 0) console.log(`Next: stop the service, set EVENT_STORE=${options.to} (and its URL), start it, and run \`ledger rebuild all\`: read-model checkpoints are positions in the old store.`);
      return code;
    } finally {
      await target.close();
    }
  }));

program.parseAsync().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 2;
});
