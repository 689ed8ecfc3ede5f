import { Controller, Get, Inject, Param, Query as QueryParam, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AllowRoles, CurrentPrincipal } from '../../access/api-key.guard';
import type { Principal } from '../../access/principal';
import { requirePurpose } from '../../access/purpose';
import { childIdFromPath } from '../../children/stream/child-id';
import { endOf, singleValued } from '../review-request';
import { ReadCaseStateQuery } from './read-case-state.query';
import { ChildRead } from '../../access/access-log/child-read.interceptor';

@ApiTags('review')
@ApiBearerAuth()
@Controller('v1/children/:childId/case-state')
@AllowRoles('agency', 'reviewer', 'auditor')
export class CaseStateController {
  constructor(@Inject(QueryBus) private readonly queries: QueryBus) {}

  @ChildRead('case-state')
  @Get()
  @ApiOperation({ summary: "Where the child's case stands: identifiers, open plans, episodes, counts of referrals, closures and re-referrals, open escalations, child protection status" })
  @ApiQuery({ name: 'asOf', required: false, description: 'as it stood then (only events recorded by then)' })
  async caseState(@Param('childId') childId: string, @Req() http: FastifyRequest, @CurrentPrincipal() principal: Principal, @QueryParam() query: Record<string, unknown>) {
    const params = singleValued(query as { asOf?: string });
    requirePurpose(http, principal);
    return this.queries.execute(new ReadCaseStateQuery(childIdFromPath(childId), { role: principal.role, agencyId: principal.agencyId }, endOf('asOf', params.asOf), params.asOf || null));
  }
}
