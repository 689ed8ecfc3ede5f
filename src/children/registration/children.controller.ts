import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest as Request } from 'fastify';
import { AllowRoles, CurrentPrincipal } from '../../access/api-key.guard';
import type { Principal } from '../../access/principal';
import { requirePurpose } from '../../access/purpose';
import { AccessLog } from '../../access/access-log/access-log';
import { correlationIdOf } from '../../common/http/correlation-id';
import { ValidationFailedError } from '../../common/validation/field-problems';
import { NestedField, NhsNumberField } from '../catalogue/fields';
import { ChildRegisteredData, LocalIdentifier } from '../catalogue/events/child-record-events';
import { ChildAlreadyRegisteredError, ChildNotRegisteredError } from '../stream/child-errors';
import { ChildRegistry, localIdentifier } from './child-registry';
import { RegisterChildCommand } from './register-child.command';

export class SearchChildRequest {
  @NhsNumberField({ optional: true }) nhsNumber?: string;
  @NestedField(() => LocalIdentifier, { optional: true }) localId?: LocalIdentifier;
}

export class ChildIdResponse {
  @ApiProperty({ format: 'uuid' }) childId!: string;
}

@ApiTags('children')
@ApiBearerAuth()
@Controller('v1/children')
export class ChildrenController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(ChildRegistry) private readonly registry: ChildRegistry,
    @Inject(AccessLog) private readonly accessLog: AccessLog,
  ) {}

  @Post()
  @HttpCode(201)
  @AllowRoles('agency')
  @ApiOperation({ summary: 'Register a child; the stream starts with ChildRegistered at revision 0. A registered NHS number gives 409 with the existing childId.' })
  async register(@Body() request: ChildRegisteredData, @CurrentPrincipal() principal: Principal, @Req() http: Request): Promise<ChildIdResponse> {
    try {
      return await this.commands.execute(new RegisterChildCommand(request, principal, correlationIdOf(http)));
    } catch (error) {
      // The answer names the child already registered with these identifiers: a search by identifier, logged as one.
      if (error instanceof ChildAlreadyRegisteredError) {
        await this.accessLog.record({ principal, childId: String(error.details.childId), action: 'search', purpose: null, detail: { by: 'registration', found: true } });
      }
      throw error;
    }
  }

  @Post('search')
  @HttpCode(200)
  @AllowRoles('agency', 'reviewer', 'auditor')
  @ApiOperation({ summary: 'Find a child by NHS number or by an agency-local id (a POST, so identifiers stay out of URLs)' })
  async search(@Body() request: SearchChildRequest, @CurrentPrincipal() principal: Principal, @Req() http: Request): Promise<ChildIdResponse> {
    const purpose = requirePurpose(http, principal) ?? null;
    if (Boolean(request.nhsNumber) === Boolean(request.localId)) {
      throw new ValidationFailedError([{ field: 'nhsNumber', reason: 'give either nhsNumber or localId' }]);
    }
    const childId = await this.registry.find(
      request.nhsNumber ? { kind: 'nhs', value: request.nhsNumber } : localIdentifier(request.localId!.agency, request.localId!.id),
    );
    // Logged found or not, by the child found and the kind of identifier, never the identifier itself.
    const by = request.nhsNumber ? 'nhsNumber' : 'localId';
    await this.accessLog.record({ principal, childId: childId ?? null, action: 'search', purpose, detail: { by, found: Boolean(childId) } });
    if (!childId) throw new ChildNotRegisteredError('(searched)');
    return { childId };
  }
}
