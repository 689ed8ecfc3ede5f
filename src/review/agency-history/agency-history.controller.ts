import { Controller, Get, Inject, Param, Query as QueryParam, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AgencyNotFoundError, ForbiddenError } from '../../access/access-errors';
import { AccessRepository } from '../../access/access-repository';
import { AllowRoles, CurrentPrincipal } from '../../access/api-key.guard';
import type { Principal } from '../../access/principal';
import { requirePurpose } from '../../access/purpose';
import { agencyFilter, decodeCursor, encodeCursor, endOf, pageLimit, singleValued, startOf, typeList } from '../review-request';
import { ReadAgencyHistoryQuery } from './agency-history.query';
import { ChildRead } from '../../access/access-log/child-read.interceptor';
import { presentTo } from '../viewer';
import { noteChildrenRead } from '../../access/access-log/child-read.interceptor';

@ApiTags('review')
@ApiBearerAuth()
@Controller('v1/agencies/:agencyId/history')
@AllowRoles('agency', 'auditor')
export class AgencyHistoryController {
  constructor(@Inject(QueryBus) private readonly queries: QueryBus, @Inject(AccessRepository) private readonly access: AccessRepository) {}

  @ChildRead('agency-history')
  @Get()
  @ApiOperation({ summary: "An agency's events across children, in timeline order, paged (that agency, or an auditor)" })
  @ApiQuery({ name: 'from', required: false }) @ApiQuery({ name: 'to', required: false }) @ApiQuery({ name: 'type', required: false })
  @ApiQuery({ name: 'limit', required: false }) @ApiQuery({ name: 'cursor', required: false })
  async history(@Param('agencyId') agencyId: string, @Req() http: FastifyRequest, @CurrentPrincipal() principal: Principal, @QueryParam() query: Record<string, unknown>) {
    const params = singleValued(query as { from?: string; to?: string; type?: string; limit?: string; cursor?: string });
    requirePurpose(http, principal);
    const agency = agencyFilter(agencyId)!;
    if (principal.role === 'agency' && principal.agencyId !== agency) throw new ForbiddenError('An agency reads only its own history');
    if (!(await this.access.agencyExists(agency))) throw new AgencyNotFoundError(agency);
    const page = await this.queries.execute(new ReadAgencyHistoryQuery(
      agency, { from: startOf('from', params.from), toExclusive: endOf('to', params.to) }, typeList(params.type), pageLimit(params.limit), decodeCursor(params.cursor),
    ));
    // Revisions are left out for an agency: a gap between its own events' revisions could betray a sealed one.
    const viewer = { role: principal.role, agencyId: principal.agencyId };
    noteChildrenRead(http, page.items.map((entry) => entry.childId));
    return { agencyId: agency, items: page.items.map((entry) => presentTo(viewer, entry)), nextCursor: page.nextCursor ? encodeCursor(page.nextCursor) : null };
  }
}
