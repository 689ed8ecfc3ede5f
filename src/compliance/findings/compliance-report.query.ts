import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { londonDate } from '../../common/time/london';
import { DatabaseConnection } from '../../database/database-connection';
import { EFFECTIVE_STATUS_SQL } from './finding-status';

export interface ReportRow { rule: string; agencyId: string; checked: number; met: number; breached: number; open: number; rate: number | null }

export class ComplianceReportQuery extends Query<ReportRow[]> {
  constructor(readonly from: string, readonly to: string, readonly now: Date) {
    super();
  }
}

/** Per rule and agency, over findings due in [from, to]: how many were judged, met, breached and still open; rate = met / (met + breached). */
@QueryHandler(ComplianceReportQuery)
export class ComplianceReportHandler implements IQueryHandler<ComplianceReportQuery> {
  constructor(@Inject(DatabaseConnection) private readonly database: DatabaseConnection) {}

  async execute({ from, to, now }: ComplianceReportQuery): Promise<ReportRow[]> {
    const status = EFFECTIVE_STATUS_SQL.replace('$TODAY', '$3');
    const { rows } = await this.database.readPool.query<{ rule: string; agency_id: string; checked: number; met: number; breached: number; open: number }>(
      `SELECT rule, agency_id, count(*)::int AS checked,
              count(*) FILTER (WHERE ${status} = 'met')::int AS met,
              count(*) FILTER (WHERE ${status} = 'breached')::int AS breached,
              count(*) FILTER (WHERE ${status} = 'open')::int AS open
         FROM compliance_findings WHERE due_at BETWEEN $1::date AND $2::date
        GROUP BY rule, agency_id ORDER BY rule, agency_id`,
      [from, to, londonDate(now)],
    );
    return rows.map((row) => ({
      rule: row.rule, agencyId: row.agency_id, checked: row.checked, met: row.met, breached: row.breached, open: row.open,
      rate: row.met + row.breached > 0 ? Math.round((row.met / (row.met + row.breached)) * 1000) / 1000 : null,
    }));
  }
}
