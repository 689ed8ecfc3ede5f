import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EVENT_CATALOGUE } from '../../src/children/catalogue/event-catalogue';
import { bearer, openTestApp, reviewerOf, TEST_ADMIN_KEY, type TestApp } from '../setup/test-app';
import { badRequests, type BadRequest, type FieldSchema, type Operation } from './bad-requests';

type Schemas = Record<string, { properties?: Record<string, FieldSchema> }>;

// Issue 10, "Bad input": more than a thousand generated requests, each wrong in one way, across
// every endpoint of the OpenAPI document (and the sign-in page's session). None may answer 5xx,
// each must be refused with a 4xx problem+json, and nothing may be stored.
describe('bad input across every endpoint', () => {
  let t: TestApp;
  let operations: Operation[];
  let requests: BadRequest[];
  let documented: string[];

  /** Rows in every table that holds what callers send (not the access log of reads, nor projection bookkeeping). */
  const storedRows = async () => {
    const { rows } = await t.database.pool.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
        AND table_name NOT IN ('access_log', 'schema_migrations', 'projection_checkpoints', 'projection_leases') ORDER BY table_name`);
    const counts: Record<string, number> = {};
    for (const { table_name } of rows) counts[table_name] = Number((await t.database.pool.query(`SELECT count(*) FROM "${table_name}"`)).rows[0].count);
    return counts;
  };

  beforeAll(async () => {
    t = await openTestApp({ RATE_LIMIT_PER_MINUTE: '0' });
    const admin = TEST_ADMIN_KEY;
    const school = (await t.http.post('/v1/agencies').set(bearer(admin)).send({ id: 'school-meadowbank', name: 'Meadowbank Primary', kind: 'school' }).expect(201)).body.apiKey as string;
    const childId = (await t.http.post('/v1/children').set(bearer(school)).send({ nhsNumber: '9434765919', dateOfBirth: '2017-05-04' }).expect(201)).body.childId as string;
    const otherChildId = (await t.http.post('/v1/children').set(bearer(school)).send({ dateOfBirth: '2018-05-04' }).expect(201)).body.childId as string;
    const reviewer = await reviewerOf(t, [childId]);
    const auditorCreated = (await t.http.post('/v1/principals').set(bearer(admin)).send({ role: 'auditor', name: 'Auditor' }).expect(201)).body as { id: string; apiKey: string };
    const rotated = (await t.http.post(`/v1/principals/${auditorCreated.id}/keys`).set(bearer(admin)).expect(201)).body as { keyId: string };
    const auditor = auditorCreated.apiKey; // still valid: the rotation's grace period
    const openApi = (await t.http.get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>>; components: { schemas: Schemas } };
    const fields = (schema: string) => openApi.components.schemas[schema].properties;
    documented = Object.entries(openApi.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    const event = () => ({ eventId: randomUUID(), type: 'ConcernRaised', occurredAt: '2026-01-12T09:30:00Z', data: { ...EVENT_CATALOGUE.get('ConcernRaised')!.example } });
    const agencyIds = { agency: /^[A-Za-z0-9._:-]{1,100}$/ };
    const inFuture = new Date(Date.now() + 86_400_000).toISOString();
    operations = [
      { method: 'post', template: '/v1/agencies', params: {}, key: admin, body: { id: 'fuzz-agency', name: 'Fuzz', kind: 'school' }, fields: fields('CreateAgencyRequest') },
      { method: 'post', template: '/v1/principals', params: {}, key: admin, body: { role: 'reviewer', name: 'Fuzz' }, fields: fields('CreatePrincipalRequest') },
      { method: 'post', template: '/v1/principals/{principalId}/keys', params: { principalId: auditorCreated.id }, key: admin },
      { method: 'get', template: '/v1/principals/{principalId}/keys', params: { principalId: auditorCreated.id }, key: admin },
      { method: 'delete', template: '/v1/principals/{principalId}/keys/{keyId}', params: { principalId: auditorCreated.id, keyId: rotated.keyId }, key: admin },
      { method: 'post', template: '/v1/reviews', params: {}, key: admin, body: { reviewerId: auditorCreated.id, childIds: [childId], purpose: 'Fuzz', expiresAt: inFuture }, fields: fields('CreateReviewRequest') },
      { method: 'get', template: '/v1/children/{childId}/access-log', params: { childId }, key: auditor, query: ['cursor', 'limit'] },
      { method: 'post', template: '/v1/children', params: {}, key: school, body: { dateOfBirth: '2019-01-01' }, fields: fields('ChildRegisteredData') },
      { method: 'post', template: '/v1/children/search', params: {}, key: school, body: { nhsNumber: '9434765919' }, fields: fields('SearchChildRequest') },
      { method: 'post', template: '/v1/children/{childId}/events', params: { childId }, key: school, body: event(), fields: fields('RecordEventRequest'), nested: { data: EVENT_CATALOGUE.get('ConcernRaised')!.example as Record<string, unknown> } },
      { method: 'post', template: '/v1/children/{childId}/events/batch', params: { childId }, key: school, body: { events: [event()] }, fields: { events: { type: 'array' }, expectedRevision: { type: 'integer' } } },
      { method: 'get', template: '/v1/children/{childId}/events', params: { childId }, key: reviewer, query: ['fromRevision', 'limit', 'cursor'] },
      { method: 'get', template: '/v1/children/{childId}/integrity', params: { childId }, key: reviewer },
      { method: 'post', template: '/v1/children/{childId}/duplicates', params: { childId }, key: admin, body: { otherChildId, reason: 'Fuzz' }, fields: fields('LinkDuplicateRequest') },
      { method: 'post', template: '/v1/imports', params: {}, key: admin, contentType: 'application/x-ndjson', query: ['dryRun'], body: `${JSON.stringify({ agencyId: 'school-meadowbank', childId, ...event(), recordedAt: '2026-01-12T10:00:00Z' })}\n` },
      { method: 'get', template: '/v1/children/{childId}/chronology', params: { childId }, key: reviewer, query: ['format', 'cursor', 'limit', 'type', 'agency', 'to', 'from', 'asOf'], wellFormed: agencyIds },
      { method: 'get', template: '/v1/agencies/{agencyId}/history', params: { agencyId: 'school-meadowbank' }, key: school, query: ['cursor', 'limit', 'type', 'to', 'from'] },
      { method: 'get', template: '/v1/children/{childId}/case-state', params: { childId }, key: reviewer, query: ['asOf'] },
      { method: 'get', template: '/v1/compliance/findings', params: {}, key: auditor, query: ['rule', 'agency', 'childId', 'status', 'asOf', 'cursor', 'limit'], wellFormed: agencyIds },
      { method: 'get', template: '/v1/compliance/report', params: {}, key: auditor, query: ['from', 'to', 'format'] },
      { method: 'get', template: '/v1/children/{childId}/patterns', params: { childId }, key: reviewer },
      { method: 'post', template: '/ui/session', params: {}, body: { apiKey: 'not-a-key' }, fields: { apiKey: { type: 'string' } } },
    ];
    requests = badRequests(operations);
  });
  afterAll(() => t.close());

  it('covers every endpoint of the OpenAPI document that takes input', () => {
    const covered = new Set(operations.map((operation) => `${operation.method.toUpperCase()} ${operation.template}`));
    expect(documented.filter((endpoint) => !covered.has(endpoint)).sort()).toEqual(['GET /health', 'GET /metrics']);
  });

  it('given more than a thousand bad requests, then none answers 5xx, each is refused with a 4xx problem+json, and nothing is stored', async () => {
    expect(requests.length).toBeGreaterThanOrEqual(1000);
    await t.projected(); // the set-up's registrations in the read models first
    const before = await storedRows();
    const outcomes: Array<{ name: string; status: number; problem: boolean; accepted?: number }> = [];
    for (const request of requests) {
      let call = t.http[request.method](request.path).set(request.headers);
      if (request.body !== undefined) call = call.send(request.raw ? (request.body as string | Buffer) : (request.body as object));
      const response = await call;
      outcomes.push({ name: request.name, status: response.status, problem: String(response.headers['content-type']).startsWith('application/problem+json'), accepted: response.body?.accepted });
    }
    // An import answers 200 with each refused line reported: fine, as long as it accepted none.
    const imports = outcomes.filter((outcome) => outcome.status === 200 && outcome.name.startsWith('POST /v1/imports') && outcome.accepted === 0);
    expect(outcomes.filter((outcome) => outcome.status >= 500)).toEqual([]);
    expect(outcomes.filter((outcome) => (outcome.status < 400 || outcome.status > 499) && !imports.includes(outcome))).toEqual([]);
    expect(outcomes.filter((outcome) => outcome.status >= 400 && !outcome.problem)).toEqual([]);
    await t.projected();
    expect(await storedRows()).toEqual(before);
    const byStatus = outcomes.reduce<Record<number, number>>((tally, { status }) => ({ ...tally, [status]: (tally[status] ?? 0) + 1 }), {});
    process.stderr.write(`bad input: ${outcomes.length} requests over ${operations.length} endpoints; answers by status ${JSON.stringify(byStatus)}\n`);
  });
});
