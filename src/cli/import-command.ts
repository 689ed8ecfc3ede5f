import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Presets, SingleBar } from 'cli-progress';
import type { Principal } from '../access/principal';
import { chronologyLines, type ChronologyOptions } from '../imports/csv-chronology';
import type { ImportReport, ImportRunner } from '../imports/import-runner';

/** The CLI imports as the operator: an administrator who names the agency on every line. */
const OPERATOR: Principal = { id: 'cli', role: 'admin', name: 'Operator (CLI)' };

/**
 * `ledger import <file>`: streams an NDJSON file (never loads it whole), with a progress bar, rate
 * and ETA. Re-running it after a crash adds nothing twice. Exit 0 when every line was accepted or
 * already there, 1 when any line was refused (they are listed).
 */
export async function importCommand(runner: ImportRunner, file: string, options: { dryRun: boolean; batch?: string; progress: boolean }): Promise<number> {
  const size = statSync(file).size;
  const input = createReadStream(file, { encoding: 'utf8' });
  let bytes = 0;
  input.on('data', (chunk) => (bytes += Buffer.byteLength(chunk)));
  const bar = new SingleBar({ format: 'Importing |{bar}| {percentage}% {lines} lines, {speed} lines/s, ETA {eta_formatted}', stream: process.stderr }, Presets.shades_classic);
  const started = Date.now();
  if (options.progress) bar.start(size, 0, { lines: 0, speed: 0 });
  const report = await runner.runLines(createInterface({ input, crlfDelay: Infinity }), OPERATOR, { dryRun: options.dryRun, batchId: options.batch ?? `cli:${file.split('/').pop()}`, checkInThreads: true }, (lines) => {
    if (options.progress) bar.update(bytes, { lines, speed: Math.round(lines / Math.max((Date.now() - started) / 1000, 0.001)) });
  });
  if (options.progress) bar.stop();
  return printReport(report, 'line');
}

/**
 * `ledger import-csv <file>`: an agency's chronology spreadsheet, one HistoricalNoteImported per row,
 * columns mapped by `--map date=Date,text=Entry,...`. Same checks, report and idempotency as `import`.
 */
export async function importChronologyCommand(runner: ImportRunner, file: string, options: ChronologyOptions & { dryRun: boolean; batch?: string }): Promise<number> {
  const report = await runner.runLines(chronologyLines(file, options), OPERATOR, { dryRun: options.dryRun, batchId: options.batch ?? `csv:${options.sourceName}` });
  return printReport(report, 'data row');
}

/** Refused lines, then the totals; exit code 1 when anything was refused. */
function printReport(report: ImportReport, unit: string): number {
  for (const refusal of report.refused) console.log(`${unit} ${refusal.line}: ${refusal.field}: ${refusal.reason}`);
  console.log(`${report.dryRun ? 'Dry run: would accept' : 'Accepted'} ${report.accepted}, duplicates ${report.duplicates}, refused ${report.refused.length} (batch ${report.batchId})`);
  return report.refused.length === 0 ? 0 : 1;
}
