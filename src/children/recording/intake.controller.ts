import { Body, Controller, Headers, HttpStatus, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiExtraModels, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Response, FastifyRequest as Request } from 'fastify';
import { AllowRoles, CurrentPrincipal } from '../../access/api-key.guard';
import type { Principal } from '../../access/principal';
import { CLOCK, type Clock } from '../../common/clock';
import { correlationIdOf } from '../../common/http/correlation-id';
import { ValidationFailedError, type FieldProblem } from '../../common/validation/field-problems';
import type { AppendedEvent, ExpectedRevision } from '../../ledger/event-store.port';
import { VersionConflictError } from '../../ledger/ledger-errors';
import { EVENT_CATALOGUE } from '../catalogue/event-catalogue';
import { parseRecordEvent, type ValidEvent } from '../intake/parse-record-event';
import { RecordEventRequest } from '../intake/record-event-request';
import { childIdFromPath } from '../stream/child-id';
import { PreconditionFailedError } from './precondition-failed.error';
import { RecordEventsCommand } from './record-events.command';

const LIVE = [...EVENT_CATALOGUE.values()].filter((definition) => definition.intake === 'live');
/** One example request per live event type, shown on the OpenAPI page. */
const EXAMPLES = Object.fromEntries(
  LIVE.map((definition) => [definition.type, {
    summary: definition.type,
    value: { eventId: '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b', type: definition.type, occurredAt: '2026-01-12T09:30:00Z', data: definition.example },
  }]),
);

export const MAX_BATCH = 100;

@ApiTags('intake')
@ApiBearerAuth()
@ApiExtraModels(...new Set([...EVENT_CATALOGUE.values()].map((definition) => definition.data)))
@Controller('v1/children/:childId/events')
@AllowRoles('agency')
export class IntakeController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Record one event. 201 when stored; 200 with the original result when the same eventId is sent again.' })
  @ApiBody({ type: RecordEventRequest, examples: EXAMPLES, description: "`data` follows the schema named after the type (ConcernRaised → ConcernRaisedData; the four Consent events share ConsentData)" })
  @ApiHeader({ name: 'If-Match', required: false, description: 'the expected revision, e.g. "7"; a mismatch gives 412' })
  async recordOne(
    @Param('childId') childId: string, @Body() body: unknown, @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal, @Req() request: Request, @Res({ passthrough: true }) response: Response,
  ): Promise<AppendedEvent> {
    const event = this.parse(body, '');
    const result = await this.record(childId, [event], ifMatch, event.expectedRevision, principal, request);
    response.status(result.replayed ? HttpStatus.OK : HttpStatus.CREATED);
    return result.events[0];
  }

  @Post('batch')
  @ApiOperation({ summary: `Record up to ${MAX_BATCH} events, all or nothing` })
  async recordBatch(
    @Param('childId') childId: string, @Body() body: unknown, @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal, @Req() request: Request, @Res({ passthrough: true }) response: Response,
  ): Promise<{ items: AppendedEvent[] }> {
    const batch = body as { events?: unknown; expectedRevision?: unknown };
    const problems: FieldProblem[] = [];
    if (typeof body !== 'object' || body === null || !Array.isArray(batch.events) || batch.events.length === 0 || batch.events.length > MAX_BATCH) {
      throw new ValidationFailedError([{ field: 'events', reason: `events must be a list of 1 to ${MAX_BATCH} events` }]);
    }
    for (const key of Object.keys(body)) if (key !== 'events' && key !== 'expectedRevision') problems.push({ field: key, reason: `${key} is not a known field` });
    const events = (batch.events as unknown[]).map((item, index) => {
      const parsed = parseRecordEvent(item, this.clock.now(), 'live', `events.${index}`);
      if ('problems' in parsed) problems.push(...parsed.problems);
      else if (parsed.event.expectedRevision !== undefined) problems.push({ field: `events.${index}.expectedRevision`, reason: 'give expectedRevision once, for the whole batch' });
      return 'event' in parsed ? parsed.event : undefined;
    });
    const expected = parseExpected(batch.expectedRevision, problems);
    if (problems.length) throw new ValidationFailedError(problems);
    const result = await this.record(childId, events as ValidEvent[], ifMatch, expected, principal, request);
    response.status(result.replayed ? HttpStatus.OK : HttpStatus.CREATED);
    return { items: result.events };
  }

  private parse(body: unknown, prefix: string): ValidEvent {
    const parsed = parseRecordEvent(body, this.clock.now(), 'live', prefix);
    if ('problems' in parsed) throw new ValidationFailedError(parsed.problems);
    return parsed.event;
  }

  private async record(childId: string, events: ValidEvent[], ifMatch: string | undefined, bodyExpected: ExpectedRevision | undefined, principal: Principal, request: Request) {
    const fromHeader = ifMatch === undefined ? undefined : parseIfMatch(ifMatch);
    if (bodyExpected === 'no_stream') {
      // A child's stream begins with its registration, so "no stream" can never hold here.
      throw new ValidationFailedError([{ field: 'expectedRevision', reason: 'a registered child always has a stream: use a revision, "stream_exists" or "any"' }]);
    }
    if (fromHeader !== undefined && bodyExpected !== undefined) {
      throw new ValidationFailedError([{ field: 'expectedRevision', reason: 'give the expected revision in If-Match or in the body, not both' }]);
    }
    const context = { childId: childIdFromPath(childId), agencyId: principal.agencyId!, principal: { id: principal.id, role: principal.role }, correlationId: correlationIdOf(request) };
    try {
      return await this.commands.execute(new RecordEventsCommand(context, events, fromHeader ?? bodyExpected ?? 'any'));
    } catch (error) {
      if (fromHeader !== undefined && error instanceof VersionConflictError) throw new PreconditionFailedError(error);
      throw error;
    }
  }
}

function parseIfMatch(value: string): number {
  const match = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(value);
  if (!match) throw new ValidationFailedError([{ field: 'If-Match', reason: 'If-Match must be a revision, e.g. "7"' }]);
  return Number(match[1]);
}

function parseExpected(value: unknown, problems: FieldProblem[]): ExpectedRevision | undefined {
  if (value === undefined) return undefined;
  if ((typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) || ['any', 'no_stream', 'stream_exists'].includes(value as string)) {
    return value as ExpectedRevision;
  }
  problems.push({ field: 'expectedRevision', reason: 'expectedRevision must be a non-negative integer, "any", "no_stream" or "stream_exists"' });
  return undefined;
}
