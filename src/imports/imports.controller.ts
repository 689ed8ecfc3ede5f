import { Body, Controller, Headers, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ForbiddenError } from '../access/access-errors';
import { AccessRepository } from '../access/access-repository';
import { AllowRoles, CurrentPrincipal } from '../access/api-key.guard';
import type { Principal } from '../access/principal';
import { ValidationFailedError } from '../common/validation/field-problems';
import { ImportRunner, type ImportReport } from './import-runner';

const BATCH_ID = /^[A-Za-z0-9._:-]{1,100}$/;

@ApiTags('imports')
@ApiBearerAuth()
@Controller('v1/imports')
@AllowRoles('admin', 'agency')
export class ImportsController {
  constructor(
    @Inject(ImportRunner) private readonly runner: ImportRunner,
    @Inject(AccessRepository) private readonly access: AccessRepository,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Import history: one event per line (application/x-ndjson). ?dryRun=true checks only. Re-running a file adds nothing twice.' })
  @ApiConsumes('application/x-ndjson')
  @ApiBody({ schema: { type: 'string', example: '{"childId":"…","agencyId":"school-meadowbank","eventId":"…","type":"ConcernRaised","occurredAt":"2019-03-04","recordedAt":"2019-03-05T10:00:00Z","data":{…}}' } })
  @ApiQuery({ name: 'dryRun', required: false })
  async import(
    @Body() body: unknown, @Query('dryRun') dryRun: string | undefined, @Headers('x-import-batch') batch: string | undefined,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ImportReport> {
    if (typeof body !== 'string') throw new ValidationFailedError([{ field: 'body', reason: 'send the lines as application/x-ndjson' }]);
    if (batch !== undefined && !BATCH_ID.test(batch)) throw new ValidationFailedError([{ field: 'X-Import-Batch', reason: 'a batch name of 1 to 100 letters, digits and . _ : -' }]);
    if (principal.role === 'agency' && !(await this.access.mayImport(principal.agencyId!))) throw new ForbiddenError('This agency may not import (canImport)');
    // Anything but true or false is refused: a misspelt dry run must not store the file.
    if (dryRun !== undefined && dryRun !== 'true' && dryRun !== 'false') throw new ValidationFailedError([{ field: 'dryRun', reason: 'dryRun must be true or false' }]);
    return this.runner.run(body, principal, { dryRun: dryRun === 'true', batchId: batch });
  }
}
