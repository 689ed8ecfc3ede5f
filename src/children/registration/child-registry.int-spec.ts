import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openTestDatabase, type TestDatabase } from '../../../test/setup/test-database';
import { ManualClock } from '../../ledger/contract/sample-events';
import type { AppendOptions, AppendResult, NewEvent } from '../../ledger/event-store.port';
import { LedgerUnavailableError } from '../../ledger/ledger-errors';
import { InMemoryEventStore } from '../../ledger/memory/in-memory-event-store';
import { childStreamId } from '../stream/child-stream';
import { ChildRegistry } from './child-registry';

/** Events kept outside PostgreSQL (as with KurrentDB), with a switch to make the next write fail. */
class EventsElsewhere extends InMemoryEventStore {
  failNext = false;
  override async append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    if (this.failNext) {
      this.failNext = false;
      throw new LedgerUnavailableError('The event store is not available');
    }
    return super.append(streamId, events, options);
  }
}

const metadata = { agencyId: 'school-meadowbank', sensitivity: 'normal' as const };

// Registration when the events are not in PostgreSQL: identifiers claimed first, the event written after (ADR 0017).
describe('child registration with the events in another store', () => {
  let database: TestDatabase;
  let store: EventsElsewhere;
  let registry: ChildRegistry;

  beforeAll(async () => {
    database = await openTestDatabase(4);
    store = new EventsElsewhere(new ManualClock());
    registry = new ChildRegistry(database.pool, new ManualClock(), store);
  });
  afterAll(() => database.close());

  it('given a new NHS number, then it is claimed and ChildRegistered starts the stream; a second registration gets the first child', async () => {
    const { childId } = await registry.register({ nhsNumber: '9434765919', dateOfBirth: '2017-05-04' }, metadata);
    expect((await store.readStream(childStreamId(childId))).map((event) => event.type)).toEqual(['ChildRegistered']);
    await expect(registry.register({ nhsNumber: '9434765919', dateOfBirth: '2017-05-04' }, metadata)).rejects.toMatchObject({ code: 'CHILD.ALREADY_REGISTERED', details: { childId } });
  });

  it('given the event store fails the write, then the claim is released and the child can be registered later', async () => {
    store.failNext = true;
    await expect(registry.register({ nhsNumber: '9434765870', dateOfBirth: '2018-01-01' }, metadata)).rejects.toMatchObject({ code: 'LEDGER.UNAVAILABLE' });
    expect(await registry.find({ kind: 'nhs', value: '9434765870' })).toBeUndefined();
    const { childId } = await registry.register({ nhsNumber: '9434765870', dateOfBirth: '2018-01-01' }, metadata);
    expect(await registry.find({ kind: 'nhs', value: '9434765870' })).toBe(childId);
  });

  it('given a claim left by a registration that crashed before writing, then a registration takes it over once it is old enough, not before', async () => {
    const abandoned = randomUUID();
    await database.pool.query(`INSERT INTO child_identifiers (kind, value, child_id, claimed_at) VALUES ('nhs', '9434765862', $1, now())`, [abandoned]);
    await expect(registry.register({ nhsNumber: '9434765862', dateOfBirth: '2019-02-02' }, metadata)).rejects.toMatchObject({ code: 'CHILD.ALREADY_REGISTERED' });
    await database.pool.query(`UPDATE child_identifiers SET claimed_at = now() - interval '10 minutes' WHERE child_id = $1`, [abandoned]);
    const { childId } = await registry.register({ nhsNumber: '9434765862', dateOfBirth: '2019-02-02' }, metadata);
    expect(childId).not.toBe(abandoned);
    expect(await registry.find({ kind: 'nhs', value: '9434765862' })).toBe(childId);
  });
});
