import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { londonDate } from '../../common/time/london';
import { DatabaseConnection } from '../../database/database-connection';
import type { Finding } from '../evaluate-child';
import { COMPLIANCE_PROFILE } from '../profile/load-profile';
import type { ProfileSchedule } from '../profile/policy-profile';
import { RULES } from '../rules/rule-catalogue';
import { judgeChildren } from './judge-children';
import { asOfToday, EFFECTIVE_STATUS_SQL } from './finding-status';

export interface FindingsFilter {
  rule?: string;
  agencyId?: string;
  childId?: string;
  status?: 'open' | 'breached' | 'met';
  /** The findings as they stood then (events recorded by then, judged then). */
  asOf?: Date;
  limit: number;
  /** Paging: the (dueAt, id) after which to continue. */
  after?: { dueAt: string; id: string };
}

export interface FindingsPage { items: Finding[]; next: { dueAt: string; id: string } | null }

export class ReadFindingsQuery extends Query<FindingsPage> {
  constructor(readonly filter: FindingsFilter, readonly now: Date) {
    super();
  }
}

/** Findings from the read model (time applied at reading), or judged again for `asOf`. */
@QueryHandler(ReadFindingsQuery)
export class ReadFindingsHandler implements IQueryHandler<ReadFindingsQuery> {
  constructor(
    @Inject(DatabaseConnection) private readonly database: DatabaseConnection,
    @Inject(COMPLIANCE_PROFILE) private readonly profile: ProfileSchedule,
  ) {}

  async execute({ filter, now }: ReadFindingsQuery): Promise<FindingsPage> {
    // `asOf` arrives as the first moment after what it includes (the end of a day); judge at the last moment it includes.
    return filter.asOf ? this.judgedAgain(filter, new Date(filter.asOf.getTime() - 1)) : this.stored(filter, londonDate(now));
  }

  private async stored(filter: FindingsFilter, today: string): Promise<FindingsPage> {
    const status = EFFECTIVE_STATUS_SQL.replace('$TODAY', '$1');
    const { rows } = await this.database.readPool.query<{ finding: Finding }>(
      `SELECT finding FROM compliance_findings
        WHERE ($2::text IS NULL OR rule = $2) AND ($3::text IS NULL OR agency_id = $3) AND ($4::uuid IS NULL OR child_id = $4)
          AND ($5::text IS NULL OR ${status} = $5) AND ($6::date IS NULL OR (due_at, id) > ($6::date, $7::uuid))
        ORDER BY due_at, id LIMIT $8`,
      [today, filter.rule ?? null, filter.agencyId ?? null, filter.childId ?? null, filter.status ?? null, filter.after?.dueAt ?? null, filter.after?.id ?? null, filter.limit + 1],
    );
    return page(rows.map((row) => asOfToday(row.finding, today)), filter.limit);
  }

  /** Judged from the events recorded by `asOf`: a decision recorded later cannot turn an old breach into "met". */
  private async judgedAgain(filter: FindingsFilter, asOf: Date): Promise<FindingsPage> {
    const children = filter.childId
      ? [filter.childId]
      : (await this.database.readPool.query<{ child_id: string }>('SELECT DISTINCT child_id FROM compliance_events')).rows.map((row) => row.child_id);
    const today = londonDate(asOf);
    const findings = (await judgeChildren(this.database.readPool, { events: 'compliance_events', households: 'compliance_households' }, children, RULES, this.profile, asOf))
      .map((finding) => asOfToday(finding, today))
      .filter((finding) => (!filter.rule || finding.rule === filter.rule) && (!filter.agencyId || finding.agencyId === filter.agencyId) && (!filter.status || finding.status === filter.status))
      .filter((finding) => !filter.after || finding.dueAt > filter.after.dueAt || (finding.dueAt === filter.after.dueAt && finding.id > filter.after.id))
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id));
    return page(findings.slice(0, filter.limit + 1), filter.limit);
  }
}

function page(findings: Finding[], limit: number): FindingsPage {
  const items = findings.slice(0, limit);
  const last = items[items.length - 1];
  return { items, next: findings.length > limit ? { dueAt: last.dueAt, id: last.id } : null };
}
