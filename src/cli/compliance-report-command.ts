import type { INestApplicationContext } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ComplianceReportQuery } from '../compliance/findings/compliance-report.query';
import { reportCsv } from '../compliance/report-csv';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `compliance-report --from --to --format csv|json`: the auditors' report per rule and agency, to stdout. */
export async function complianceReportCommand(context: INestApplicationContext, options: { from: string; to: string; format: string }): Promise<number> {
  if (!DATE.test(options.from) || !DATE.test(options.to)) throw new Error('--from and --to must be dates (YYYY-MM-DD)');
  if (options.format !== 'csv' && options.format !== 'json') throw new Error('--format must be csv or json');
  const rows = await context.get(QueryBus).execute(new ComplianceReportQuery(options.from, options.to, new Date()));
  process.stdout.write(options.format === 'csv' ? reportCsv(rows) : `${JSON.stringify({ from: options.from, to: options.to, items: rows }, null, 2)}\n`);
  return 0;
}
