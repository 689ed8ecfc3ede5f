import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsISO8601, IsUUID } from 'class-validator';
import { CLOCK, type Clock } from '../../common/clock';
import { ValidationFailedError } from '../../common/validation/field-problems';
import { TextField } from '../../children/catalogue/fields';
import { childStreamId } from '../../children/stream/child-stream';
import { EVENT_STORE, type EventStore } from '../../ledger/event-store.port';
import { AccessRepository } from '../access-repository';
import { AllowRoles } from '../api-key.guard';
import { ReviewAssignments } from './review-assignments';

export class CreateReviewRequest {
  @ApiProperty({ format: 'uuid', description: 'the reviewer principal (POST /v1/principals)' })
  @IsUUID('all', { message: 'reviewerId must be the id of a reviewer principal' })
  reviewerId!: string;

  @ApiProperty({ type: [String], format: 'uuid' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(1000) @IsUUID('all', { each: true, message: 'each of childIds must be a child id' })
  childIds!: string[];

  @TextField({ max: 500, description: 'why the reviewer reads these records, e.g. "Rapid review, Child Q"' }) purpose!: string;

  @ApiProperty({ format: 'date-time', description: 'the assignment ends then: reads are refused afterwards' })
  @IsISO8601({ strict: true }, { message: 'expiresAt must be a date-time' })
  expiresAt!: string;
}

/** Review assignments (API.md): a reviewer reads only the children assigned, until the assignment expires. */
@ApiTags('administration')
@ApiBearerAuth()
@Controller('v1/reviews')
@AllowRoles('admin')
export class ReviewsController {
  constructor(
    @Inject(ReviewAssignments) private readonly assignments: ReviewAssignments,
    @Inject(AccessRepository) private readonly access: AccessRepository,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Assign children to a reviewer, for a stated purpose, until an expiry' })
  async create(@Body() request: CreateReviewRequest): Promise<{ id: string }> {
    const expiresAt = new Date(request.expiresAt);
    const problems = [];
    if (Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() <= this.clock.now().getTime()) problems.push({ field: 'expiresAt', reason: 'expiresAt must be in the future' });
    if ((await this.access.roleOf(request.reviewerId)) !== 'reviewer') problems.push({ field: 'reviewerId', reason: 'no reviewer has this id' });
    for (const [index, childId] of request.childIds.entries()) {
      const [first] = await this.store.readStream(childStreamId(childId), { limit: 1 });
      if (!first) problems.push({ field: `childIds[${index}]`, reason: 'no child is registered with this id' });
    }
    if (problems.length > 0) throw new ValidationFailedError(problems);
    return { id: await this.assignments.assign({ reviewerId: request.reviewerId, childIds: [...new Set(request.childIds)], purpose: request.purpose.trim(), expiresAt }) };
  }
}
