import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '../common/clock';
import { DatabaseConnection } from '../database/database-connection';
import { LedgerModule } from '../ledger/ledger.module';
import { EVENT_STORE, type EventStore } from '../ledger/event-store.port';
import { ChildReadsController } from './reading/child-reads.controller';
import { ReadRawStreamHandler, VerifyChildHandler } from './reading/child-reads.query';
import { DuplicatesController } from './linking/duplicates.controller';
import { LinkDuplicatesHandler } from './linking/link-duplicates.command';
import { IntakeController } from './recording/intake.controller';
import { RecordEventsHandler } from './recording/record-events.command';
import { ChildRegistry } from './registration/child-registry';
import { ChildrenController } from './registration/children.controller';
import { RegisterChildHandler } from './registration/register-child.command';

const CHILDREN_PROVIDERS = [
  { provide: ChildRegistry, inject: [DatabaseConnection, CLOCK, EVENT_STORE], useFactory: (database: DatabaseConnection, clock: Clock, store: EventStore) => new ChildRegistry(database.pool, clock, store) },
  RegisterChildHandler,
  RecordEventsHandler,
  LinkDuplicatesHandler,
  ReadRawStreamHandler,
  VerifyChildHandler,
];

/** Children: registration and lookup, event intake, linking duplicate records, the raw stream and its integrity. */
@Module({
  imports: [CqrsModule, LedgerModule],
  providers: CHILDREN_PROVIDERS,
  controllers: [ChildrenController, IntakeController, ChildReadsController, DuplicatesController],
  exports: [ChildRegistry],
})
export class ChildrenModule {}
