import { Controller, Get, Inject, Param, Query as QueryParam } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AllowRoles } from '../../access/api-key.guard';
import { ValidationFailedError } from '../../common/validation/field-problems';
import { childIdFromPath } from '../stream/child-id';
import { ReadRawStreamQuery, revisionFromCursor, VerifyChildQuery } from './child-reads.query';

@ApiTags('review')
@ApiBearerAuth()
@Controller('v1/children/:childId')
@AllowRoles('reviewer', 'auditor')
export class ChildReadsController {
  constructor(@Inject(QueryBus) private readonly queries: QueryBus) {}

  @Get('events')
  @ApiOperation({ summary: 'The raw stream: envelopes, data and hashes, by revision, paged' })
  @ApiQuery({ name: 'fromRevision', required: false }) @ApiQuery({ name: 'limit', required: false }) @ApiQuery({ name: 'cursor', required: false })
  async events(@Param('childId') childId: string, @QueryParam('fromRevision') fromRevision?: string, @QueryParam('limit') limit?: string, @QueryParam('cursor') cursor?: string) {
    const page = await this.queries.execute(new ReadRawStreamQuery(childIdFromPath(childId), cursor ? revisionFromCursor(cursor) : integer('fromRevision', fromRevision, 0, 0), integer('limit', limit, 100, 1, 1000)));
    return { items: page.items.map(({ checkpoint: _opaque, ...event }) => event), nextCursor: page.nextCursor };
  }

  @Get('integrity')
  @ApiOperation({ summary: "Recompute the child's hash chain: valid, number of events, head hash, first broken revision" })
  async integrity(@Param('childId') childId: string) {
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
