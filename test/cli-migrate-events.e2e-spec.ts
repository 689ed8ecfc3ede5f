import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { ManualClock, newStreamId, sampleEvent, sampleEvents } from '../src/ledger/contract/sample-events';
import type { RecordedEvent } from '../src/ledger/event-store.port';
import { AppendNotifier } from '../src/ledger/postgres/append-notifier';
import { PostgresEventStore } from '../src/ledger/postgres/postgres-event-store';
import { runBuilt } from './setup/run-built';
import { describeOnServer, openTestDatabase, type TestDatabase } from './setup/test-database';
import { openTestLedger, type TestLedger } from './setup/test-ledger';

/** Everything a copy must keep; positions are the target's own. */
const asRecorded = ({ position: _position, checkpoint: _checkpoint, ...kept }: RecordedEvent) => kept;

// The CLI opens DATABASE_URL in its own process, which cannot reach this process's embedded database.
describeOnServer('CLI: npm run ledger -- migrate-events (PostgreSQL to PostgreSQL)', () => {
  let source: TestLedger;
  let target: TestDatabase;
  let targetStore: PostgresEventStore;
  const streams = { live: newStreamId(), imported: newStreamId(), sealed: newStreamId() };
  const migrate = (...args: string[]) => runBuilt('src/cli/main.js', ['migrate-events', '--no-progress', ...args], { DATABASE_URL: source.database.url }, 120_000);

  beforeAll(async () => {
    source = await openTestLedger();
    target = await openTestDatabase(4);
    targetStore = new PostgresEventStore(target.pool, new ManualClock(new Date('2030-01-01T00:00:00.000Z')), new AppendNotifier(target.pool, undefined));
    const { store, clock } = source;
    await store.append(streams.live, sampleEvents(3));
    clock.advance(3_600_000);
    await store.append(streams.imported, [
      sampleEvent({ historical: { recordedAt: new Date('2019-03-04T10:00:00.000Z'), recordedAtKnown: true } }),
      sampleEvent({ historical: { recordedAt: new Date('2019-03-05T00:00:00.000Z'), recordedAtKnown: false } }),
    ]);
    await store.append(streams.sealed, [sampleEvent({ metadata: { agencyId: 'police-north', sensitivity: 'sealed' } })]);
    clock.advance(60_000);
    await store.appendMany([
      { streamId: streams.live, events: sampleEvents(2) },
      { streamId: streams.sealed, events: sampleEvents(1) },
    ]);
    // An earlier run that stopped after two events, with other page boundaries than this one's.
    await targetStore.copyIn([{ streamId: streams.live, events: (await store.readStream(streams.live)).slice(0, 2) }]);
  });
  afterAll(async () => {
    await target.close();
    await source.close();
  });

  it('given a target holding part of an earlier copy, when migrating, then every event is there once, exactly as recorded, and the target verifies', async () => {
    const outcome = await migrate('--to', 'postgres', '--target-url', target.url, '--page-size', '3');
    expect(outcome.stdout).toContain('Copied 7 events to postgres; 2 were already there');
    expect(outcome.stdout).toContain('✔ target verified: 3 streams, 9 events; 0 broken');
    expect(outcome.stdout).toContain('set EVENT_STORE=postgres');
    expect(outcome.code).toBe(0);
    for (const streamId of Object.values(streams)) {
      expect((await targetStore.readStream(streamId)).map(asRecorded)).toEqual((await source.store.readStream(streamId)).map(asRecorded));
    }
    expect(await targetStore.hasSealingMarks(streams.sealed)).toBe(true);
    expect((await targetStore.readStream(streams.imported))[0]).toMatchObject({ recordedAt: new Date('2019-03-04T10:00:00.000Z'), importedAt: expect.any(Date) });
  });

  it('given a finished copy, when migrating again, then nothing is written twice', async () => {
    const outcome = await migrate('--to', 'postgres', '--target-url', target.url);
    expect(outcome.stdout).toContain('Copied 0 events to postgres; 9 were already there');
    expect(outcome.code).toBe(0);
    expect((await targetStore.statistics()).events).toBe(9);
  });

  it('given a target that holds other events, then it stops with a clear message', async () => {
    const other = await openTestDatabase(2);
    try {
      await new PostgresEventStore(other.pool, new ManualClock(), new AppendNotifier(other.pool, undefined)).append(streams.live, sampleEvents(1));
      const outcome = await migrate('--to', 'postgres', '--target-url', other.url);
      expect(outcome.stderr).toContain(`The target already holds other events in ${streams.live} at revision 0`);
      expect(outcome.code).toBe(2);
    } finally {
      await other.close();
    }
  });

  it('refuses the source itself as the target, and a target it cannot use', async () => {
    expect(await migrate('--to', 'postgres', '--target-url', source.database.url)).toMatchObject({ code: 2, stderr: expect.stringContaining('The target is the database the events are read from') });
    expect(await migrate('--to', 'postgres')).toMatchObject({ code: 2, stderr: expect.stringContaining('--to postgres needs --target-url') });
    expect(await migrate('--to', 'mongodb')).toMatchObject({ code: 2, stderr: expect.stringContaining('--to must be kurrentdb or postgres') });
  });
});
