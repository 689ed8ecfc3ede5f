import { Controller, Get, Inject, Param, Query as QueryParam, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AllowRoles, CurrentPrincipal } from '../../access/api-key.guard';
import type { Principal } from '../../access/principal';
import { requirePurpose } from '../../access/purpose';
import { ValidationFailedError } from '../../common/validation/field-problems';
import { childIdFromPath } from '../stream/child-id';
import { ReadRawStreamQuery, revisionFromCursor, VerifyChildQuery } from './child-reads.query';
import { ChildRead } from '../../access/access-log/child-read.interceptor';

@ApiTags('review')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Purpose', required: true, description: 'why the record is read (400 without it)' })
@Controller('v1/children/:childId')
@AllowRoles('reviewer', 'auditor')
export class ChildReadsController {
  constructor(@Inject(QueryBus) private readonly queries: QueryBus) {}

  @ChildRead('raw-events')
  @Get('events')
  @ApiOperation({ summary: 'The raw stream: envelopes, data and hashes, by revision, paged' })
  @ApiQuery({ name: 'fromRevision', required: false }) @ApiQuery({ name: 'limit', required: false }) @ApiQuery({ name: 'cursor', required: false })
  async events(
    @Param('childId') childId: string, @Req() request: FastifyRequest, @CurrentPrincipal() principal: Principal,
    @QueryParam('fromRevision') fromRevision?: string, @QueryParam('limit') limit?: string, @QueryParam('cursor') cursor?: string,
  ) {
    requirePurpose(request, principal);
    const page = await this.queries.execute(new ReadRawStreamQuery(childIdFromPath(childId), cursor ? revisionFromCursor(cursor) : integer('fromRevision', fromRevision, 0, 0), integer('limit', limit, 100, 1, 1000)));
    return { items: page.items.map(({ checkpoint: _opaque, ...event }) => event), nextCursor: page.nextCursor };
  }

  @ChildRead('integrity')
  @Get('integrity')
  @ApiOperation({ summary: "Recompute the child's hash chain: valid, number of events, head hash, first broken revision" })
  async integrity(@Param('childId') childId: string, @Req() request: FastifyRequest, @CurrentPrincipal() principal: Principal) {
    requirePurpose(request, principal);
    const verification = await this.queries.execute(new VerifyChildQuery(childIdFromPath(childId)));
    return {
      valid: verification.valid,
      events: verification.events,
      headHash: verification.headHash,
      ...(verification.valid ? {} : { firstBrokenRevision: verification.firstBrokenRevision }),
    };
  }
}

function integer(field: string, value: string | undefined, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < min || number > max) throw new ValidationFailedError([{ field, reason: `${field} must be an integer from ${min} to ${max}` }]);
  return number;
}
