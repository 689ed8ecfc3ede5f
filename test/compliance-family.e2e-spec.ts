import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runBuilt } from './setup/run-built';
import { bearer, openTestApp, reading, TEST_ADMIN_KEY, type TestApp } from './setup/test-app';

/*
 * FICTION. The Fairweather family does not exist: Ava (born 2016) and her brother Leo (born 2019)
 * live in one household. In 2024 the agencies around Ava work well together (a referral decided the
 * next day, an assessment on time with Ava's voice recorded, a consented child-in-need plan with
 * oversight, a closure that records Ava's view). In 2025 the same agencies miss the signs: Leo is
 * not brought to appointments, a concern and a no-access visit add up across the household, and a
 * new referral waits over a bank holiday for its decision and its referrer is never told.
 */
describe('compliance findings for a fictional family, recorded through the HTTP API', () => {
  let t: TestApp;
  let auditor: string;
  const child: Record<'ava' | 'leo', string> = { ava: '', leo: '' };
  const ids: Record<string, string> = {};
  const line = (who: 'ava' | 'leo', agencyId: string, type: string, day: string, data: Record<string, unknown>, name?: string) => {
    const eventId = randomUUID();
    if (name) ids[name] = eventId;
    return { childId: child[who], agencyId, eventId, type, occurredAt: day, recordedAt: `${day}T16:00:00Z`, data };
  };
  const findings = async (query: string) => (await t.http.get(`/v1/compliance/findings?limit=1000&${query}`).set(reading(auditor)).expect(200)).body.items as Array<{ rule: string; childId: string; status: string; dueAt: string; agencyId: string; explanation: string }>;

  beforeAll(async () => {
    t = await openTestApp();
    const agency = (id: string, kind: string) => t.http.post('/v1/agencies').set(bearer(TEST_ADMIN_KEY)).send({ id, name: id, kind }).then((response) => response.body.apiKey as string);
    const school = await agency('school-f', 'school');
    await agency('health-f', 'health');
    await agency('csc-f', 'social-care');
    auditor = (await t.http.post('/v1/principals').set(bearer(TEST_ADMIN_KEY)).send({ role: 'auditor', name: 'Auditor' })).body.apiKey;
    child.ava = (await t.http.post('/v1/children').set(bearer(school)).send({ dateOfBirth: '2016-04-02', householdId: 'hh-fairweather' })).body.childId;
    child.leo = (await t.http.post('/v1/children').set(bearer(school)).send({ dateOfBirth: '2019-09-12', householdId: 'hh-fairweather' })).body.childId;
    const referral = { fromAgency: 'school-f', toAgency: 'csc-f', route: 'front-door', familyInformed: true };
    const history = [
      // 2024: good practice.
      line('ava', 'school-f', 'ConcernRaised', '2024-01-15', { categories: ['neglect'], description: 'Ava often hungry.', immediateAction: 'Fed; DSL told.', referred: true }),
      line('ava', 'school-f', 'ReferralMade', '2024-01-15', referral, 'referral2024'),
    ];
    history.push(
      line('ava', 'csc-f', 'ReferralDecisionMade', '2024-01-16', { referralId: ids.referral2024, decision: 'child-in-need-assessment', rationale: 'Needs assessment.', decidedBy: 'tm-1' }, 'decision2024'),
      line('ava', 'csc-f', 'ReferrerNotified', '2024-01-16', { decisionId: ids.decision2024, channel: 'email' }),
      line('ava', 'csc-f', 'ConsentGiven', '2024-01-17', { scope: 'child-in-need-assessment', who: 'parent-with-parental-responsibility' }),
      line('ava', 'csc-f', 'AssessmentStarted', '2024-01-17', { kind: 'child-and-family', triggerId: ids.referral2024 }, 'assessment'),
      line('ava', 'csc-f', 'AssessmentCompleted', '2024-02-20', { assessmentId: ids.assessment, kind: 'child-and-family', outcome: 'Child in need plan.', childSeen: true }, 'completed'),
      line('ava', 'csc-f', 'ChildVoiceRecorded', '2024-02-20', { method: 'words', content: 'Ava wants breakfast at home.', contextId: ids.completed }),
      line('ava', 'csc-f', 'PlanStarted', '2024-02-21', { planType: 'child-in-need' }, 'plan'),
      line('ava', 'csc-f', 'ManagementOversightRecorded', '2024-04-10', { decision: 'Plan on track.', manager: 'tm-1' }),
      line('ava', 'csc-f', 'ManagementOversightRecorded', '2024-06-05', { decision: 'Ready to end.', manager: 'tm-1' }),
      line('ava', 'csc-f', 'PlanEnded', '2024-07-20', { planId: ids.plan, planType: 'child-in-need', endReason: 'Outcomes met.', steppedDownTo: 'universal-services' }),
      line('ava', 'csc-f', 'CaseClosed', '2024-07-22', { reason: 'Outcomes met.', childView: 'Ava is happy at home.', agenciesConsulted: ['school', 'health'] }),
      // 2025: the signs add up across the household and are missed.
      line('leo', 'health-f', 'AppointmentMissed', '2025-03-03', { service: 'dental', appointmentKind: 'check-up', wasNotBrought: true, followUp: 'Letter sent.' }),
      line('ava', 'school-f', 'ConcernRaised', '2025-03-10', { categories: ['neglect'], description: 'Ava hungry again.', immediateAction: 'Fed.', referred: false }),
      line('leo', 'health-f', 'AppointmentMissed', '2025-04-07', { service: 'audiology', appointmentKind: 'hearing test', wasNotBrought: true, followUp: 'Rebooked.' }),
      line('ava', 'health-f', 'VisitNoAccess', '2025-04-14', { statutory: false, note: 'No answer.' }),
      // A Friday referral before the early May bank holiday, decided on the Wednesday; the referrer is never told.
      line('ava', 'school-f', 'ReferralMade', '2025-05-02', referral, 'referral2025'),
    );
    history.push(line('ava', 'csc-f', 'ReferralDecisionMade', '2025-05-07', { referralId: ids.referral2025, decision: 'early-help', rationale: 'Early help offered.', decidedBy: 'tm-2' }));
    const imported = await t.http.post('/v1/imports').set(bearer(TEST_ADMIN_KEY)).set('Content-Type', 'application/x-ndjson').send(history.map((entry) => JSON.stringify(entry)).join('\n')).expect(200);
    expect(imported.body).toMatchObject({ accepted: history.length, refused: [] });
    await t.projected();
  });
  afterAll(() => t.close());

  it('finds exactly the expected breaches, and nothing in the year of good practice', async () => {
    const breached = await findings('status=breached');
    const summary = breached.map((finding) => [finding.rule, finding.childId === child.ava ? 'ava' : 'leo', finding.dueAt, finding.agencyId]).sort();
    expect(summary).toEqual([
      ['R01', 'ava', '2025-05-06', 'csc-f'],
      ['R02', 'ava', '2025-05-06', 'csc-f'],
      ['R22', 'ava', '2025-04-14', 'health-f'],
      ['R22', 'leo', '2025-04-14', 'health-f'],
      ['R23', 'leo', '2025-04-07', 'health-f'],
    ]);
    const in2024 = (await findings(`childId=${child.ava}`)).filter((finding) => finding.dueAt < '2025-01-01');
    expect(in2024.length).toBeGreaterThan(10);
    expect([...new Set(in2024.map((finding) => finding.status))]).toEqual(['met']);
    expect(await findings('status=open')).toEqual([]);
  });

  it('judges as things stood: before the late decision was recorded the 2025 referral had no decision at all', async () => {
    const then = await findings(`childId=${child.ava}&rule=R01&asOf=2025-05-06`);
    expect(then.map((finding) => [finding.dueAt, finding.status])).toEqual([['2024-01-16', 'met'], ['2025-05-06', 'open']]);
    const after = await findings(`childId=${child.ava}&rule=R01&asOf=2025-05-07`);
    expect(after[1]).toMatchObject({ status: 'breached', explanation: 'A decision on the referral of 2025-05-02 was due by 2025-05-06 but was done late, on 2025-05-07.' });
  });

  it('reports per rule and agency, as JSON and CSV, and shows the patterns per child', async () => {
    const report = await t.http.get('/v1/compliance/report?from=2024-01-01&to=2025-12-31').set(reading(auditor)).expect(200);
    expect(report.body.items).toContainEqual({ rule: 'R01', agencyId: 'csc-f', checked: 2, met: 1, breached: 1, open: 0, rate: 0.5 });
    const csv = await t.http.get('/v1/compliance/report?from=2024-01-01&to=2025-12-31&format=csv').set(reading(auditor)).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text.split('\r\n')[0]).toBe('Rule,Agency,Checked,Met,Breached,Open,Rate');
    expect(csv.text).toContain('R01,csc-f,2,1,1,0,0.5\r\n');
    const patterns = await t.http.get(`/v1/children/${child.leo}/patterns`).set(reading(auditor)).expect(200);
    expect(patterns.body.patterns.map((seen: { pattern: string }) => seen.pattern)).toEqual(['Cumulative concerns from several agencies', 'Children not brought to appointments']);
  });

  it('given the CLI, then compliance-report prints the same report as CSV', async () => {
    const outcome = await runBuilt('src/cli/main.js', ['compliance-report', '--from', '2024-01-01', '--to', '2025-12-31'], { DATABASE_URL: t.database.url });
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toContain('R01,csc-f,2,1,1,0,0.5\r\n');
  });
});
