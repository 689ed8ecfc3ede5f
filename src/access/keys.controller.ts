import { Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CLOCK, type Clock } from '../common/clock';
import { Environment } from '../config/environment';
import { KeyNotFoundError, PrincipalNotFoundError } from './access-errors';
import { AccessRepository } from './access-repository';
import { ApiKeyCodec } from './api-key-codec';
import { AllowRoles } from './api-key.guard';
import { Authenticator } from './authenticator';

export class RotatedKey {
  @ApiProperty() keyId!: string;
  @ApiProperty({ description: 'shown once: store it safely; only its HMAC is kept' }) apiKey!: string;
  @ApiProperty({ description: "when the principal's previous keys stop working" }) previousKeysExpireAt!: string;
}

/**
 * Key rotation and revocation (API.md). A principal is named by its id or, for an agency, by the
 * agency's id. Rotating issues a new key and gives the old ones a grace period
 * (KEY_ROTATION_GRACE_SECONDS) so that an agency's systems can switch without an outage; revoking
 * ends a key at once (a leaked key).
 */
@ApiTags('administration')
@ApiBearerAuth()
@Controller('v1/principals/:principalId/keys')
@AllowRoles('admin')
export class KeysController {
  constructor(
    @Inject(AccessRepository) private readonly repository: AccessRepository,
    @Inject(ApiKeyCodec) private readonly codec: ApiKeyCodec,
    @Inject(Authenticator) private readonly authenticator: Authenticator,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(Environment) private readonly environment: Environment,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: "Rotate: a new key; the principal's old keys keep working for the grace period" })
  async rotate(@Param('principalId') principal: string): Promise<RotatedKey> {
    const principalId = await this.principal(principal);
    const key = this.codec.issue();
    const graceUntil = new Date(this.clock.now().getTime() + this.environment.KEY_ROTATION_GRACE_SECONDS * 1000);
    await this.repository.rotateKey(principalId, key, graceUntil);
    for (const old of await this.repository.listKeys(principalId)) this.authenticator.forget(old.keyId);
    return { keyId: key.keyId, apiKey: key.token, previousKeysExpireAt: graceUntil.toISOString() };
  }

  @Delete(':keyId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a key now' })
  async revoke(@Param('principalId') principal: string, @Param('keyId') keyId: string): Promise<void> {
    const principalId = await this.principal(principal);
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(keyId) || !(await this.repository.revokeKey(principalId, keyId))) throw new KeyNotFoundError(keyId);
    this.authenticator.forget(keyId);
  }

  @Get()
  @ApiOperation({ summary: "The principal's keys: created, last used, expiry and revocation times (never the keys)" })
  async list(@Param('principalId') principal: string) {
    const keys = await this.repository.listKeys(await this.principal(principal));
    return { items: keys.map((key) => ({ ...key, createdAt: key.createdAt.toISOString(), lastUsedAt: key.lastUsedAt?.toISOString() ?? null, expiresAt: key.expiresAt?.toISOString() ?? null, revokedAt: key.revokedAt?.toISOString() ?? null })) };
  }

  /** A principal's id (a UUID) or an agency's id; anything else cannot name one, and never reaches the database. */
  private async principal(idOrAgency: string): Promise<string> {
    const wellFormed = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$/.test(idOrAgency);
    const principalId = wellFormed ? await this.repository.principalId(idOrAgency) : undefined;
    if (!principalId) throw new PrincipalNotFoundError(idOrAgency);
    return principalId;
  }
}
