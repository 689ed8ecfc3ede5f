import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AllowRoles, CurrentPrincipal } from '../access/api-key.guard';
import { UnauthenticatedError } from '../access/access-errors';
import { Authenticator } from '../access/authenticator';
import { FailedAuthentications } from '../access/hardening/failed-authentications';
import type { Principal } from '../access/principal';
import { clearedSessionCookie, sessionCookie } from './session-cookie';
import { loadWebAssets } from './web-assets';

const PAGES: Record<string, string> = { '': 'sign-in.html', child: 'child.html', auditor: 'auditor.html' };

/**
 * The reviewers' and auditors' pages (`/ui`): plain HTML and scripts served by the service, which
 * read the same API with the same roles, need-to-know and access log (the key rides in the session
 * cookie). Not part of the public API contract, so not in the OpenAPI document.
 */
@ApiExcludeController()
@Controller('ui')
export class WebController {
  private readonly assets = loadWebAssets();

  constructor(
    @Inject(Authenticator) private readonly authenticator: Authenticator,
    @Inject(FailedAuthentications) private readonly failures: FailedAuthentications,
  ) {}

  @Get()
  signIn(@Res() reply: FastifyReply): void {
    this.send(reply, PAGES['']);
  }

  @Get(':page')
  page(@Param('page') page: string, @Res() reply: FastifyReply): void {
    const file = PAGES[page];
    if (!file) throw new NotFoundException();
    this.send(reply, file);
  }

  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() reply: FastifyReply): void {
    if (!this.assets.has(file) || file.endsWith('.html')) throw new NotFoundException();
    this.send(reply, file, 'public, max-age=300');
  }

  /** Signs in: the key is checked, then kept in the session cookie (the page's script never keeps it). */
  @Post('session')
  @HttpCode(200)
  async startSession(@Body() body: { apiKey?: unknown }, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const key = typeof body?.apiKey === 'string' ? body.apiKey.trim() : '';
    const principal = await this.authenticator.authenticate(key);
    if (!principal || principal.role === 'admin') {
      await this.failures.failed(request.ip, reply);
      throw new UnauthenticatedError();
    }
    void reply.header('Set-Cookie', sessionCookie(key, request.protocol === 'https'));
    return { role: principal.role, name: principal.name, agencyId: principal.agencyId ?? null };
  }

  @Post('session/end')
  @HttpCode(204)
  endSession(@Res({ passthrough: true }) reply: FastifyReply): void {
    void reply.header('Set-Cookie', clearedSessionCookie());
  }

  /** Who the session is: the pages show it and choose what to offer by role. */
  @Get('session/me')
  @AllowRoles('agency', 'reviewer', 'auditor')
  me(@CurrentPrincipal() principal: Principal) {
    return { role: principal.role, name: principal.name, agencyId: principal.agencyId ?? null };
  }

  private send(reply: FastifyReply, file: string, cache = 'no-store'): void {
    const asset = this.assets.get(file)!;
    void reply.header('Content-Type', asset.type).header('Cache-Control', cache).send(asset.body);
  }
}
