import { Controller, Get, Inject, Param, Query as QueryParam, Req, StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AllowRoles, CurrentPrincipal } from '../../access/api-key.guard';
import type { Principal } from '../../access/principal';
import { requirePurpose } from '../../access/purpose';
import { childIdFromPath } from '../../children/stream/child-id';
import { ValidationFailedError } from '../../common/validation/field-problems';
import { agencyFilter, decodeCursor, encodeCursor, endOf, pageLimit, singleValued, startOf, typeList } from '../review-request';
import { exportChronology, type ExportFormat } from './chronology-export';
import type { ChronologyRequest } from './chronology-query';
import { ReadChronologyQuery } from './read-chronology.query';
import { ChildRead } from '../../access/access-log/child-read.interceptor';

interface ChronologyParams { asOf?: string; from?: string; to?: string; agency?: string; type?: string; limit?: string; cursor?: string; format?: string }

@ApiTags('review')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Purpose', required: false, description: 'reviewers and auditors: why the record is read (400 without it)' })
@Controller('v1/children/:childId/chronology')
@AllowRoles('agency', 'reviewer', 'auditor')
export class ChronologyController {
  constructor(@Inject(QueryBus) private readonly queries: QueryBus) {}

  @ChildRead('chronology')
  @Get()
  @ApiOperation({ summary: "The child's multi-agency chronology, by occurredAt then recordedAt; asOf: as it was known then. Accept: text/csv or application/pdf for the whole chronology as a file" })
  @ApiProduces('application/json', 'text/csv', 'application/pdf')
  @ApiQuery({ name: 'asOf', required: false, description: 'a date (the end of that day in Europe/London) or an instant' })
  @ApiQuery({ name: 'from', required: false }) @ApiQuery({ name: 'to', required: false })
  @ApiQuery({ name: 'agency', required: false }) @ApiQuery({ name: 'type', required: false, description: 'event types, comma-separated' })
  @ApiQuery({ name: 'limit', required: false }) @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv', 'pdf'], description: 'instead of Accept, for browsers' })
  async chronology(@Param('childId') childId: string, @Req() http: FastifyRequest, @CurrentPrincipal() principal: Principal, @QueryParam() query: ChronologyParams) {
    requirePurpose(http, principal);
    const params = singleValued(query);
    const request: ChronologyRequest = {
      childId: childIdFromPath(childId),
      viewer: { role: principal.role, agencyId: principal.agencyId },
      asOf: endOf('asOf', params.asOf),
      window: { from: startOf('from', params.from), toExclusive: endOf('to', params.to) },
      agency: agencyFilter(params.agency),
      types: typeList(params.type),
      limit: pageLimit(params.limit),
      cursor: decodeCursor(params.cursor),
    };
    const asOf = params.asOf || null;
    const format = exportFormat(params.format, http.headers.accept);
    if (format) {
      const stream = await exportChronology(this.queries, request, format, asOf);
      const type = format === 'csv' ? 'text/csv; charset=utf-8' : 'application/pdf';
      return new StreamableFile(stream, { type, disposition: `attachment; filename="chronology-${request.childId}.${format}"` });
    }
    const page = await this.queries.execute(new ReadChronologyQuery(request));
    return { childId: request.childId, asOf, items: page.items, nextCursor: page.nextCursor ? encodeCursor(page.nextCursor) : null };
  }
}

function exportFormat(format: string | undefined, accept: string | undefined): ExportFormat | undefined {
  if (format !== undefined) {
    if (format === 'csv' || format === 'pdf') return format;
    if (format === 'json') return undefined;
    throw new ValidationFailedError([{ field: 'format', reason: 'format must be json, csv or pdf' }]);
  }
  if (accept?.includes('text/csv')) return 'csv';
  if (accept?.includes('application/pdf')) return 'pdf';
  return undefined;
}
