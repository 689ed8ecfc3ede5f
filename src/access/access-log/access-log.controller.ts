import { Controller, Get, Inject, Param, Query as QueryParam, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ValidationFailedError } from '../../common/validation/field-problems';
import { childIdFromPath } from '../../children/stream/child-id';
import { pageLimit, singleValued } from '../../review/review-request';
import { AllowRoles, CurrentPrincipal } from '../api-key.guard';
import type { Principal } from '../principal';
import { requirePurpose } from '../purpose';
import { AccessLog } from './access-log';
import { ChildRead } from './child-read.interceptor';

@ApiTags('access')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Purpose', required: true, description: 'why the log is read (400 without it)' })
@Controller('v1/children/:childId/access-log')
@AllowRoles('auditor')
export class AccessLogController {
  constructor(@Inject(AccessLog) private readonly log: AccessLog) {}

  @Get()
  @ChildRead('access-log')
  @ApiOperation({ summary: "Who read, searched for or exported this child's record, when and why; newest first, paged" })
  @ApiQuery({ name: 'limit', required: false }) @ApiQuery({ name: 'cursor', required: false })
  async accessLog(@Param('childId') childId: string, @Req() http: FastifyRequest, @CurrentPrincipal() principal: Principal, @QueryParam() query: Record<string, unknown>) {
    requirePurpose(http, principal);
    const params = singleValued(query as { limit?: string; cursor?: string });
    if (params.cursor !== undefined && !/^\d{1,18}$/.test(params.cursor)) throw new ValidationFailedError([{ field: 'cursor', reason: 'cursor is not one this service gave out' }]);
    const limit = pageLimit(params.limit);
    const items = await this.log.forChild(childIdFromPath(childId), limit, params.cursor);
    return { childId: childIdFromPath(childId), items, nextCursor: items.length === limit ? items[items.length - 1].id : null };
  }
}
