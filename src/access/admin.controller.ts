import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { BooleanField, EnumField, IdentifierField, TextField } from '../children/catalogue/fields';
import { AGENCY_KINDS } from '../children/catalogue/vocabularies';
import { AccessRepository } from './access-repository';
import { ApiKeyCodec } from './api-key-codec';
import { AllowRoles } from './api-key.guard';

export class CreateAgencyRequest {
  @IdentifierField({ description: 'a stable id chosen by the partnership, e.g. school-meadowbank' }) id!: string;
  @TextField({ max: 200 }) name!: string;
  @EnumField(AGENCY_KINDS) kind!: (typeof AGENCY_KINDS)[number];
  @BooleanField({ optional: true, description: 'may run historical imports as itself' }) canImport?: boolean;
}

export class CreatePrincipalRequest {
  @ApiProperty({ enum: ['reviewer', 'auditor'] })
  @IsIn(['reviewer', 'auditor'], { message: 'role must be reviewer or auditor' })
  role!: 'reviewer' | 'auditor';

  @TextField({ max: 200 }) name!: string;
}

export class IssuedCredentials {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'shown once: store it safely; only its HMAC is kept' }) apiKey!: string;
}

@ApiTags('administration')
@ApiBearerAuth()
@Controller('v1')
@AllowRoles('admin')
export class AdminController {
  constructor(
    @Inject(AccessRepository) private readonly repository: AccessRepository,
    @Inject(ApiKeyCodec) private readonly codec: ApiKeyCodec,
  ) {}

  @Post('agencies')
  @HttpCode(201)
  @ApiOperation({ summary: 'Register an agency and issue its first API key' })
  async createAgency(@Body() request: CreateAgencyRequest): Promise<IssuedCredentials> {
    const key = this.codec.issue();
    await this.repository.createAgency({ id: request.id, name: request.name, kind: request.kind, canImport: request.canImport ?? false }, key);
    return { id: request.id, apiKey: key.token };
  }

  @Post('principals')
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a reviewer or auditor and issue its first API key' })
  async createPrincipal(@Body() request: CreatePrincipalRequest): Promise<IssuedCredentials> {
    const key = this.codec.issue();
    const id = await this.repository.createPrincipal(request.role, request.name, key);
    return { id, apiKey: key.token };
  }
}
