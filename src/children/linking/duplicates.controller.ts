import { Body, Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import type { FastifyRequest as Request } from 'fastify';
import { AllowRoles, CurrentPrincipal } from '../../access/api-key.guard';
import type { Principal } from '../../access/principal';
import { correlationIdOf } from '../../common/http/correlation-id';
import type { AppendedEvent } from '../../ledger/event-store.port';
import { TextField } from '../catalogue/fields';
import { childIdFromPath } from '../stream/child-id';
import { LinkDuplicatesCommand } from './link-duplicates.command';

export class LinkDuplicateRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') otherChildId!: string;
  @TextField({ max: 2000 }) reason!: string;
}

@ApiTags('administration')
@ApiBearerAuth()
@Controller('v1/children/:childId/duplicates')
@AllowRoles('admin')
export class DuplicatesController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Link two records of the same child (DuplicateRecordsLinked in both streams, never a merge)' })
  async link(@Param('childId') childId: string, @Body() request: LinkDuplicateRequest, @CurrentPrincipal() principal: Principal, @Req() http: Request): Promise<{ items: AppendedEvent[] }> {
    const results = await this.commands.execute(new LinkDuplicatesCommand(childIdFromPath(childId), request.otherChildId.toLowerCase(), request.reason, principal, correlationIdOf(http)));
    return { items: results.map((result) => result.events[0]) };
  }
}
