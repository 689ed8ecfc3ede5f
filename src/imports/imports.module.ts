import { Module } from '@nestjs/common';
import { AccessRepository } from '../access/access-repository';
import { ChildrenModule } from '../children/children.module';
import { ChildRegistry } from '../children/registration/child-registry';
import { CLOCK, type Clock } from '../common/clock';
import { EVENT_STORE, type EventStore } from '../ledger/event-store.port';
import { LedgerModule } from '../ledger/ledger.module';
import { ImportRunner } from './import-runner';
import { ImportsController } from './imports.controller';

const IMPORT_PROVIDERS = [
  {
    provide: ImportRunner,
    inject: [EVENT_STORE, ChildRegistry, AccessRepository, CLOCK],
    useFactory: (store: EventStore, registry: ChildRegistry, access: AccessRepository, clock: Clock) => new ImportRunner(store, registry, access, clock),
  },
];

/** Historical import: agencies' existing records brought in with their original times. */
@Module({ imports: [LedgerModule, ChildrenModule], providers: IMPORT_PROVIDERS, controllers: [ImportsController] })
export class ImportsModule {}
