import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Principal } from '../../access/principal';
import type { ChildRegisteredData } from '../catalogue/events/child-record-events';
import { ValidationFailedError } from '../../common/validation/field-problems';
import { RegistrationDateMissingError } from '../stream/child-errors';
import { ChildRegistry } from './child-registry';

export class RegisterChildCommand extends Command<{ childId: string }> {
  constructor(
    readonly data: ChildRegisteredData,
    readonly principal: Principal,
    readonly correlationId: string,
  ) {
    super();
  }
}

@CommandHandler(RegisterChildCommand)
export class RegisterChildHandler implements ICommandHandler<RegisterChildCommand> {
  constructor(@Inject(ChildRegistry) private readonly registry: ChildRegistry) {}

  async execute({ data, principal, correlationId }: RegisterChildCommand): Promise<{ childId: string }> {
    if (Boolean(data.dateOfBirth) === Boolean(data.expectedDeliveryDate)) throw new RegistrationDateMissingError();
    const foreign = (data.localIds ?? []).findIndex((local) => local.agency !== principal.agencyId);
    if (foreign >= 0) throw new ValidationFailedError([{ field: `localIds.${foreign}.agency`, reason: 'an agency registers its own local ids only' }]);
    const metadata = { agencyId: principal.agencyId, actor: { principalId: principal.id, role: principal.role }, sensitivity: 'normal' as const, correlationId };
    const { childId } = await this.registry.register(data, metadata);
    return { childId };
  }
}
