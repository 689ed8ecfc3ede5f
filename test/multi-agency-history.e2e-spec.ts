import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chainHash, dataDigest, envelopeDigest, GENESIS_HASH, type HashedEnvelope } from '../src/ledger/hash-chain/event-hashing';
import { bearer, openTestApp, reading, reviewerOf, TEST_ADMIN_KEY, type TestApp } from './setup/test-app';

// A short, fictional multi-agency history for one child, recorded through HTTP only, then read back
// by a reviewer and every hash recomputed here, independently of the service.
describe('a multi-agency history through HTTP only', () => {
  let t: TestApp;
  const keys: Record<string, string> = {};
  let childId: string;
  let reviewer: string;

  beforeAll(async () => {
    t = await openTestApp();
    for (const [id, kind] of [['school-meadowbank', 'school'], ['health-visiting-north', 'health'], ['police-northshire', 'police'], ['csc-northshire', 'social-care']]) {
      keys[id] = (await t.http.post('/v1/agencies').set(bearer(TEST_ADMIN_KEY)).send({ id, name: id, kind }).expect(201)).body.apiKey;
    }
  });
  afterAll(() => t.close());

  it('records the history and reads it back with every hash valid', async () => {
    childId = (await t.http.post('/v1/children').set(bearer(keys['health-visiting-north'])).send({ nhsNumber: '4010232137', dateOfBirth: '2019-08-20' }).expect(201)).body.childId;
    reviewer = await reviewerOf(t, [childId], 'Case reviewer');
    const record = async (agency: string, type: string, occurredAt: string, data: Record<string, unknown>) => {
      const eventId = randomUUID();
      await t.http.post(`/v1/children/${childId}/events`).set(bearer(keys[agency])).send({ eventId, type, occurredAt, data }).expect(201);
      return eventId;
    };
    const missed = await record('health-visiting-north', 'AppointmentMissed', '2025-11-03', { service: 'health visiting', appointmentKind: '2-year review', wasNotBrought: true, followUp: 'Letter sent.' });
    const concern = await record('school-meadowbank', 'ConcernRaised', '2026-01-12T08:50:00Z', { categories: ['neglect'], description: 'Hungry, unwashed uniform.', immediateAction: 'Breakfast given.', referred: true });
    const referral = await record('school-meadowbank', 'ReferralMade', '2026-01-12', { fromAgency: 'school-meadowbank', toAgency: 'csc-northshire', route: 'mash', concernIds: [concern, missed], familyInformed: true });
    const decision = await record('csc-northshire', 'ReferralDecisionMade', '2026-01-13', { referralId: referral, decision: 'strategy-discussion', rationale: 'Cumulative neglect.', decidedBy: 'mash-07' });
    await record('csc-northshire', 'ReferrerNotified', '2026-01-13', { decisionId: decision, channel: 'secure-message' });
    await record('police-northshire', 'StrategyDiscussionHeld', '2026-01-14', {
      triggerId: decision, decision: 'section-47', actions: 'Joint visit.',
      participants: [
        { agency: 'csc-northshire', agencyKind: 'social-care', role: 'team manager' },
        { agency: 'police-northshire', agencyKind: 'police', role: 'DS' },
        { agency: 'health-visiting-north', agencyKind: 'health', role: 'health visitor' },
      ],
    });

    const stream = await t.http.get(`/v1/children/${childId}/events`).set(reading(reviewer)).expect(200);
    const events = stream.body.items as Array<Record<string, any>>;
    expect(events.map((event) => [event.type, event.metadata.agencyId])).toEqual([
      ['ChildRegistered', 'health-visiting-north'],
      ['AppointmentMissed', 'health-visiting-north'],
      ['ConcernRaised', 'school-meadowbank'],
      ['ReferralMade', 'school-meadowbank'],
      ['ReferralDecisionMade', 'csc-northshire'],
      ['ReferrerNotified', 'csc-northshire'],
      ['StrategyDiscussionHeld', 'police-northshire'],
    ]);
    let previous: Buffer = GENESIS_HASH;
    for (const event of events) {
      const digest = dataDigest(event.data);
      expect(digest.toString('hex')).toBe(event.dataDigest);
      const envelope = { ...event, recordedAt: new Date(event.recordedAt), importedAt: event.importedAt ? new Date(event.importedAt) : null, dataDigest: digest } as HashedEnvelope;
      previous = chainHash(previous, event.revision, envelopeDigest(envelope));
      expect(previous.toString('hex')).toBe(event.hash);
    }
    expect((await t.http.get(`/v1/children/${childId}/integrity`).set(reading(reviewer)).expect(200)).body).toEqual({ valid: true, events: 7, headHash: events[6].hash });
  });
});
