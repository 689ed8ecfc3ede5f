import { type CanActivate, createParamDecorator, type ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest as Request } from 'fastify';
import { ForbiddenError, UnauthenticatedError } from './access-errors';
import { keyFromCookie } from '../web/session-cookie';
import { Authenticator } from './authenticator';
import { FailedAuthentications } from './hardening/failed-authentications';
import type { Principal, Role } from './principal';

const ALLOWED_ROLES = 'allowedRoles';

/** The roles that may call an endpoint. Endpoints without it need no key (health, metrics, docs). */
export const AllowRoles = (...roles: Role[]) => SetMetadata(ALLOWED_ROLES, roles);

/** The authenticated caller, for handlers. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  return context.switchToHttp().getRequest<Request & { principal: Principal }>().principal;
});

/** Reads `Authorization: Bearer <key>`: 401 without a valid key (slowed, then 429, when repeated), 403 with a key of the wrong role. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(Authenticator) private readonly authenticator: Authenticator,
    @Inject(FailedAuthentications) private readonly failures: FailedAuthentications,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, [context.getHandler(), context.getClass()]);
    if (!roles) return true;
    const request = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const header = request.headers.authorization;
    // The API's clients send the key as a bearer token; the pages' browser sends it in the session cookie.
    const token = header && /^bearer /i.test(header) ? header.slice(7).trim() : keyFromCookie(request.headers.cookie);
    const principal = await this.authenticator.authenticate(token);
    if (!principal) {
      await this.failures.failed(request.ip, context.switchToHttp().getResponse());
      throw new UnauthenticatedError();
    }
    if (!roles.includes(principal.role)) throw new ForbiddenError();
    request.principal = principal;
    return true;
  }
}
