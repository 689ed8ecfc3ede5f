import type { ReportRow } from './findings/compliance-report.query';

const HEADERS = ['Rule', 'Agency', 'Checked', 'Met', 'Breached', 'Open', 'Rate'];

/** The report as CSV (RFC 4180, CRLF). Every cell is a rule id, an agency id or a number: nothing to quote or defuse. */
export function reportCsv(rows: readonly ReportRow[]): string {
  const lines = [HEADERS, ...rows.map((row) => [row.rule, row.agencyId, row.checked, row.met, row.breached, row.open, row.rate ?? ''])];
  return lines.map((cells) => cells.join(',')).join('\r\n') + '\r\n';
}
