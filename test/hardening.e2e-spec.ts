import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { bearer, openTestApp, reading, TEST_ADMIN_KEY, type TestApp } from './setup/test-app';
import { openTestDatabase } from './setup/test-database';

// Issue 7, hardening: security headers, CORS off, a rate limit per key, slowed and refused guessing, logs without child data or keys.
describe('hardening', () => {
  describe('headers, CORS and the rate limit per key', () => {
    let t: TestApp;
    let school: string;
    let police: string;
    beforeAll(async () => {
      t = await openTestApp({ RATE_LIMIT_PER_MINUTE: '5' });
      school = (await t.http.post('/v1/agencies').set(bearer(TEST_ADMIN_KEY)).send({ id: 'school-h', name: 'H', kind: 'school' })).body.apiKey;
      police = (await t.http.post('/v1/agencies').set(bearer(TEST_ADMIN_KEY)).send({ id: 'police-h', name: 'P', kind: 'police' })).body.apiKey;
    });
    afterAll(() => t.close());

    it('sends security headers, and no CORS headers to another origin (CORS is off by default)', async () => {
      const response = await t.http.get('/health').set('Origin', 'https://elsewhere.example').expect(200);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['content-security-policy']).toContain("default-src 'self'");
      expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
      const preflight = await t.http.options('/v1/children').set('Origin', 'https://elsewhere.example').set('Access-Control-Request-Method', 'POST');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('given a key past its requests for the minute, then 429 problem+json with Retry-After, and other keys carry on', async () => {
      for (let i = 0; i < 5; i++) await t.http.post('/v1/children').set(bearer(school)).send({ dateOfBirth: '2018-01-01' }).expect(201);
      const refused = await t.http.post('/v1/children').set(bearer(school)).send({ dateOfBirth: '2018-01-01' }).expect(429);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.body.code).toBe('REQUEST.RATE_LIMITED');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      await t.http.post('/v1/children').set(bearer(police)).send({ dateOfBirth: '2018-01-01' }).expect(201);
    });
  });

  describe('guessing at keys', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await openTestApp({ AUTH_FAILURES_PER_MINUTE: '10', AUTH_FAILURE_DELAY_MS: '30' });
    });
    afterAll(() => t.close());

    it('given repeated wrong keys from one address, then they are slowed, then refused with 429 and Retry-After; a valid key still works', async () => {
      const timings: number[] = [];
      for (let i = 0; i < 10; i++) {
        const started = Date.now();
        await t.http.get('/v1/compliance/report').set(bearer(`sclk_${randomUUID().replaceAll('-', '')}_${'x'.repeat(43)}`)).expect(401);
        timings.push(Date.now() - started);
      }
      expect(Math.min(...timings.slice(7))).toBeGreaterThanOrEqual(60); // the 8th failure onwards waits 3 steps of 30 ms or more
      const refused = await t.http.get('/v1/compliance/report').set(bearer('a-guess')).expect(429);
      expect(refused.body.code).toBe('AUTH.TOO_MANY_FAILURES');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      await t.http.post('/v1/agencies').set(bearer(TEST_ADMIN_KEY)).send({ id: 'school-g', name: 'G', kind: 'school' }).expect(201);
    });
  });

  describe('logs', () => {
    it('given a session of real work (registration, records naming people, searches, reads, errors, wrong keys), then the service logs it as JSON lines with no NHS number, name or key in them', async () => {
      const database = await openTestDatabase(5);
      const nhsNumber = '9434765919';
      const name = 'Jasmine Fairweather-Quill';
      const child = spawn(process.execPath, [resolve('dist/src/main.js')], {
        env: { PATH: process.env.PATH, PORT: '0', DATABASE_URL: database.url, LEDGER_ADMIN_KEY: TEST_ADMIN_KEY, LOG_LEVEL: 'verbose' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      try {
        const port = await new Promise<string>((resolvePort, reject) => {
          const timer = setInterval(() => {
            const match = /Listening on http:\/\/localhost:(\d+)/.exec(output);
            if (match) { clearInterval(timer); resolvePort(match[1]); }
          }, 20);
          child.on('exit', () => { clearInterval(timer); reject(new Error(`service exited: ${output}`)); });
        });
        const http = request(`http://127.0.0.1:${port}`);
        const school = (await http.post('/v1/agencies').set(bearer(TEST_ADMIN_KEY)).send({ id: 'school-l', name: 'Larkfield (fictional)', kind: 'school' }).expect(201)).body.apiKey;
        const auditor = (await http.post('/v1/principals').set(bearer(TEST_ADMIN_KEY)).send({ role: 'auditor', name }).expect(201)).body.apiKey;
        const childId = (await http.post('/v1/children').set(bearer(school)).send({ nhsNumber, dateOfBirth: '2016-02-02' }).expect(201)).body.childId;
        await http.post('/v1/children').set(bearer(school)).send({ nhsNumber, dateOfBirth: '2016-02-02' }).expect(409);
        const concern = { categories: ['neglect'], description: `${name} came to school hungry again.`, immediateAction: `Breakfast given; spoke with ${name}'s mother.`, referred: false };
        await http.post(`/v1/children/${childId}/events`).set(bearer(school)).send({ eventId: randomUUID(), type: 'ConcernRaised', occurredAt: '2026-01-05', data: concern }).expect(201);
        await http.post(`/v1/children/${childId}/events`).set(bearer(school)).send({ eventId: randomUUID(), type: 'ConcernRaised', occurredAt: 'not a date', data: { ...concern, nhsNumber } }).expect(400);
        await http.post('/v1/children/search').set(reading(auditor)).send({ nhsNumber }).expect(200);
        await http.post('/v1/children/search').set(reading(auditor)).send({ nhsNumber: '4010232137' }).expect(404);
        await http.get(`/v1/children/${childId}/chronology`).set(reading(auditor)).expect(200);
        await http.get(`/v1/children/${childId}/chronology?format=csv`).set(reading(auditor)).expect(200);
        await http.get('/v1/compliance/report?from=2026-01-01&to=2026-12-31').set(bearer(`${school}x`)).expect(401);
        await http.get('/v1/compliance/report?from=2026-01-01&to=2026-12-31').set(bearer(school.replace(/.$/, (last: string) => (last === 'A' ? 'B' : 'A')))).expect(401); // a real key, mistyped
      } finally {
        child.kill('SIGTERM');
        await new Promise((done) => child.once('close', done));
        await database.close();
      }
      const lines = output.trim().split('\n');
      const requests = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.context === 'HTTP');
      expect(requests.length).toBe(12); // each request above is logged…
      expect(requests.some((line) => line.status === 401 && line.route === '/v1/compliance/report')).toBe(true);
      expect(output).toContain('authentication failed');
      for (const secret of [nhsNumber, '4010232137', name, 'Fairweather', 'hungry', TEST_ADMIN_KEY, 'sclk_']) expect(output).not.toContain(secret); // …and none of this is in the logs
    });
  });
});
