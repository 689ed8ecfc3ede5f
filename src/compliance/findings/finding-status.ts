import { addCalendarDays } from '../calendar/working-days';
import type { Finding } from '../evaluate-child';

/**
 * Time passing, applied when findings are read: a finding stored as `open` whose due date has gone
 * by `today` (a Europe/London date) with nothing recorded is breached from the day after it was due.
 */
export function asOfToday(finding: Finding, today: string): Finding {
  if (finding.status !== 'open' || finding.dueAt >= today) return finding;
  return { ...finding, status: 'breached', breachedAt: addCalendarDays(finding.dueAt, 1), explanation: finding.explanation.replace(/; nothing is recorded yet\.$/, ' and nothing is recorded.') };
}

/** The same in SQL, for filtering and counting in the database. */
export const EFFECTIVE_STATUS_SQL = `CASE WHEN status = 'open' AND due_at < $TODAY::date THEN 'breached' ELSE status END`;
