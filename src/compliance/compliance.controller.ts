import { Controller, Get, Header, Inject, Param, Query as QueryParam, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AllowRoles, CurrentPrincipal } from '../access/api-key.guard';
import type { Principal } from '../access/principal';
import { requirePurpose } from '../access/purpose';
import { childIdFromPath } from '../children/stream/child-id';
import { ValidationFailedError } from '../common/validation/field-problems';
import { ChildAccess } from '../review/child-access';
import { agencyFilter, endOf, pageLimit, singleValued } from '../review/review-request';
import { ComplianceReportQuery } from './findings/compliance-report.query';
import { ReadFindingsQuery } from './findings/read-findings.query';
import { patternsIn } from './patterns';
import { reportCsv } from './report-csv';
import { ChildRead, noteChildrenRead } from '../access/access-log/child-read.interceptor';

const STATUSES = ['open', 'breached', 'met'] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

@ApiTags('compliance')
@ApiBearerAuth()
@Controller()
export class ComplianceController {
  constructor(@Inject(QueryBus) private readonly queries: QueryBus, @Inject(ChildAccess) private readonly access: ChildAccess) {}

  @ChildRead('findings')
  @Get('v1/compliance/findings')
  @AllowRoles('auditor', 'reviewer')
  @ApiOperation({ summary: 'Findings by rule, agency, child and status (open, breached, met); asOf: as they stood then. Reviewers: one child at a time (childId)' })
  async findings(@Req() http: FastifyRequest, @CurrentPrincipal() principal: Principal, @QueryParam() query: Record<string, unknown>) {
    const params = singleValued(query as { rule?: string; agency?: string; childId?: string; status?: string; asOf?: string; limit?: string; cursor?: string });
    requirePurpose(http, principal);
    if (params.rule !== undefined && !/^(R\d{2}|DQ\d)$/.test(params.rule)) throw invalid('rule', 'rule must be a rule id such as R01');
    if (params.status !== undefined && !STATUSES.includes(params.status as never)) throw invalid('status', 'status must be open, breached or met');
    const childId = params.childId === undefined ? undefined : childIdFromPath(params.childId);
    if (principal.role === 'reviewer' && !childId) throw invalid('childId', 'reviewers read the findings of one child at a time');
    if (childId) await this.access.assertMayRead(childId, { role: principal.role, agencyId: principal.agencyId });
    const page = await this.queries.execute(new ReadFindingsQuery({
      rule: params.rule, agencyId: agencyFilter(params.agency), childId, status: params.status as (typeof STATUSES)[number] | undefined,
      asOf: endOf('asOf', params.asOf), limit: pageLimit(params.limit), after: decode(params.cursor),
    }, new Date()));
    if (!childId) noteChildrenRead(http, page.items.map((finding) => finding.childId));
    return { asOf: params.asOf ?? null, items: page.items, nextCursor: page.next ? Buffer.from(JSON.stringify(page.next)).toString('base64url') : null };
  }

  @Get('v1/compliance/report')
  @AllowRoles('auditor')
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({ summary: 'Per agency and rule over findings due from..to: checked, met, breached, open, rate. Accept: text/csv (or format=csv) for CSV' })
  async report(@Req() http: FastifyRequest, @QueryParam() query: Record<string, unknown>, @Res({ passthrough: true }) reply: FastifyReply) {
    const params = singleValued(query as { from?: string; to?: string; format?: string });
    for (const field of ['from', 'to'] as const) if (!params[field] || !DATE.test(params[field]!)) throw invalid(field, `${field} must be a date (YYYY-MM-DD)`);
    endOf('from', params.from);
    endOf('to', params.to);
    const rows = await this.queries.execute(new ComplianceReportQuery(params.from!, params.to!, new Date()));
    const csv = params.format === 'csv' || (params.format === undefined && http.headers.accept?.includes('text/csv'));
    if (params.format !== undefined && !['csv', 'json'].includes(params.format)) throw invalid('format', 'format must be json or csv');
    if (!csv) return { from: params.from, to: params.to, items: rows };
    void reply.header('Content-Type', 'text/csv; charset=utf-8').header('Content-Disposition', `attachment; filename="compliance-${params.from}-${params.to}.csv"`);
    return reportCsv(rows);
  }

  @ChildRead('patterns')
  @Get('v1/children/:childId/patterns')
  @AllowRoles('reviewer', 'auditor')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'The patterns serious case reviews look for, as this child’s breached findings show them' })
  async patterns(@Param('childId') childId: string, @Req() http: FastifyRequest, @CurrentPrincipal() principal: Principal) {
    requirePurpose(http, principal);
    const id = childIdFromPath(childId);
    await this.access.assertMayRead(id, { role: principal.role, agencyId: principal.agencyId });
    const page = await this.queries.execute(new ReadFindingsQuery({ childId: id, status: 'breached', limit: 1000 }, new Date()));
    return { childId: id, patterns: patternsIn(page.items) };
  }
}

function decode(cursor: string | undefined): { dueAt: string; id: string } | undefined {
  if (!cursor) return undefined;
  try {
    const after = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { dueAt: string; id: string };
    if (DATE.test(after.dueAt) && /^[0-9a-f-]{36}$/.test(after.id)) return after;
  } catch {
    // falls through to the refusal
  }
  throw invalid('cursor', 'cursor is not one this service gave out');
}

function invalid(field: string, reason: string): ValidationFailedError {
  return new ValidationFailedError([{ field, reason }]);
}
