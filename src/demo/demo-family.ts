import { randomUUID } from 'node:crypto';

/*
 * FICTION. The Ashdown family does not exist. Isla (born 2015), Noah (born 2018) and Rosie (born
 * 2022) live with their mother in one household. In 2022 the agencies around Isla work well together:
 * a concern is referred the same day, decided the next, assessed on time with Isla's own words
 * recorded, and a child-in-need plan runs with oversight to a closure that records her view. From
 * 2024 the same agencies miss the signs: Noah is not brought to health appointments, school concerns
 * and a no-access visit add up across the household, a referral waits over a bank holiday for its
 * decision and the school is never told the outcome. Every name, number and event here is invented.
 */

export const DEMO_AGENCIES = [
  { id: 'school-brookfield', name: 'Brookfield Primary School', kind: 'school' },
  { id: 'health-visiting', name: 'Health Visiting Team', kind: 'health' },
  { id: 'gp-elm-street', name: 'Elm Street Surgery', kind: 'health' },
  { id: 'childrens-social-care', name: "Children's Social Care", kind: 'social-care' },
  { id: 'early-help', name: 'Early Help Hub', kind: 'early-help' },
  { id: 'police-north', name: 'Northshire Police', kind: 'police' },
] as const;

/** Test NHS numbers (valid check digits, from the range kept for testing): never a real child's. */
export const DEMO_CHILDREN = {
  isla: { nhsNumber: '9434765919', dateOfBirth: '2015-06-14' },
  noah: { nhsNumber: '9434765870', dateOfBirth: '2018-02-03' },
  rosie: { nhsNumber: '9434765862', dateOfBirth: '2022-09-30' },
} as const;

type Who = keyof typeof DEMO_CHILDREN;

export interface DemoSeed {
  base: string;
  children: Record<Who, string>;
  reviewerKey: string;
  auditorKey: string;
  /** Events recorded per child and agency (registration included), for the pages' tests. */
  eventsPerAgency: Record<Who, Record<string, number>>;
}

async function call(base: string, key: string, method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<Record<string, unknown>> {
  const response = await fetch(`${base}${path}`, {
    method, headers: { Authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'Content-Type': contentType }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) as Record<string, unknown> : {};
}

/** Seeds the Ashdown family through the HTTP API of the service at `base` (the admin key registers and imports). */
export async function seedDemoFamily(base: string, adminKey: string): Promise<DemoSeed> {
  const keys: Record<string, string> = {};
  for (const agency of DEMO_AGENCIES) keys[agency.id] = String((await call(base, adminKey, 'POST', '/v1/agencies', agency)).apiKey);
  const children = {} as Record<Who, string>;
  for (const [who, child] of Object.entries(DEMO_CHILDREN) as Array<[Who, (typeof DEMO_CHILDREN)[Who]]>) {
    const registrar = who === 'rosie' ? 'health-visiting' : 'school-brookfield';
    children[who] = String((await call(base, keys[registrar], 'POST', '/v1/children', { ...child, householdId: 'hh-ashdown' })).childId);
  }
  const ids: Record<string, string> = {};
  const lines: Array<Record<string, unknown>> = [];
  const line = (who: Who, agencyId: string, type: string, day: string, data: Record<string, unknown>, name?: string, recordedDay = day) => {
    const eventId = randomUUID();
    if (name) ids[name] = eventId;
    lines.push({ childId: children[who], agencyId, eventId, type, occurredAt: day, recordedAt: `${recordedDay}T16:30:00Z`, data });
  };
  const referral = (to: string) => ({ fromAgency: 'school-brookfield', toAgency: to, route: 'front-door', familyInformed: true });

  // 2022: good practice around Isla.
  line('isla', 'school-brookfield', 'ConcernRaised', '2022-01-17', { categories: ['neglect'], description: 'Isla arrives hungry most mornings and has said there is no food at home.', immediateAction: 'Breakfast club place; designated safeguarding lead informed.', referred: true });
  line('isla', 'school-brookfield', 'ReferralMade', '2022-01-17', referral('childrens-social-care'), 'referral2022');
  line('isla', 'childrens-social-care', 'ReferralDecisionMade', '2022-01-18', { referralId: ids.referral2022, decision: 'child-in-need-assessment', rationale: 'Persistent hunger reported by the child; assessment needed.', decidedBy: 'team-manager-7' }, 'decision2022');
  line('isla', 'childrens-social-care', 'ReferrerNotified', '2022-01-18', { decisionId: ids.decision2022, channel: 'email' });
  line('isla', 'childrens-social-care', 'ConsentGiven', '2022-01-19', { scope: 'child-in-need-assessment', who: 'parent-with-parental-responsibility' });
  line('isla', 'childrens-social-care', 'AssessmentStarted', '2022-01-19', { kind: 'child-and-family', triggerId: ids.referral2022 }, 'assessment2022');
  line('isla', 'childrens-social-care', 'AssessmentCompleted', '2022-02-28', { assessmentId: ids.assessment2022, kind: 'child-and-family', outcome: 'Child in need plan: food, budgeting support, school breakfast.', childSeen: true }, 'completed2022');
  line('isla', 'childrens-social-care', 'ChildVoiceRecorded', '2022-02-28', { method: 'words', content: 'Isla says she wants to have breakfast at home with her brother.', contextId: ids.completed2022 });
  line('isla', 'childrens-social-care', 'PlanStarted', '2022-03-01', { planType: 'child-in-need' }, 'plan2022');
  line('isla', 'childrens-social-care', 'ManagementOversightRecorded', '2022-04-20', { decision: 'Plan on track; food bank and budgeting in place.', manager: 'team-manager-7' });
  line('isla', 'childrens-social-care', 'ManagementOversightRecorded', '2022-06-15', { decision: 'Outcomes met; prepare to step down.', manager: 'team-manager-7' });
  line('isla', 'childrens-social-care', 'PlanEnded', '2022-07-15', { planId: ids.plan2022, planType: 'child-in-need', endReason: 'Outcomes met.', steppedDownTo: 'universal-services' });
  line('isla', 'childrens-social-care', 'CaseClosed', '2022-07-18', { reason: 'Outcomes met.', childView: 'Isla says mornings are better now.', agenciesConsulted: ['school', 'health'] });
  line('rosie', 'health-visiting', 'VisitCompleted', '2022-10-12', { statutory: false, childSeen: true, childSeenAlone: false });
  line('rosie', 'health-visiting', 'VisitCompleted', '2023-03-20', { statutory: false, childSeen: true, childSeenAlone: false });
  line('noah', 'gp-elm-street', 'VisitCompleted', '2023-05-09', { statutory: false, childSeen: true, childSeenAlone: false });
  // 2024-2025: the signs add up across the household and are missed.
  line('noah', 'gp-elm-street', 'AppointmentMissed', '2024-02-05', { service: 'dental', appointmentKind: 'check-up', wasNotBrought: true, followUp: 'Letter sent to mother.' });
  line('isla', 'school-brookfield', 'ConcernRaised', '2024-02-12', { categories: ['neglect'], description: 'Isla hungry again and wearing the same clothes all week.', immediateAction: 'Fed at breakfast club.', referred: false }, undefined, '2024-02-26');
  line('noah', 'gp-elm-street', 'AppointmentMissed', '2024-03-11', { service: 'audiology', appointmentKind: 'hearing test', wasNotBrought: true, followUp: 'Rebooked.' });
  line('rosie', 'health-visiting', 'VisitNoAccess', '2024-03-18', { statutory: false, note: 'No answer; curtains closed at midday.' });
  line('noah', 'school-brookfield', 'ConcernRaised', '2024-04-22', { categories: ['neglect', 'emotional'], description: 'Noah says he is scared when mum shouts at night.', immediateAction: 'Spoke with Noah; logged.', referred: false });
  line('isla', 'early-help', 'AssessmentStarted', '2024-05-02', { kind: 'early-help', triggerId: ids.referral2022 });
  // A Friday referral before the early May bank holiday of 2025, decided the Wednesday after; the school is never told.
  line('isla', 'school-brookfield', 'ReferralMade', '2025-05-02', referral('childrens-social-care'), 'referral2025');
  line('isla', 'childrens-social-care', 'ReferralDecisionMade', '2025-05-07', { referralId: ids.referral2025, decision: 'early-help', rationale: 'Early help offered; mother engaging.', decidedBy: 'team-manager-9' });
  line('noah', 'gp-elm-street', 'AppointmentMissed', '2025-06-16', { service: 'paediatrics', appointmentKind: 'review', wasNotBrought: true, followUp: 'Discharged back to GP.' });

  const report = await call(base, adminKey, 'POST', '/v1/imports', lines.map((entry) => JSON.stringify(entry)).join('\n'), 'application/x-ndjson');
  if (Array.isArray(report.refused) && report.refused.length > 0) throw new Error(`The demo family was refused: ${JSON.stringify(report.refused)}`);

  const reviewer = await call(base, adminKey, 'POST', '/v1/principals', { role: 'reviewer', name: 'Demo reviewer' });
  const expiresAt = new Date(Date.now() + 90 * 86_400_000).toISOString();
  await call(base, adminKey, 'POST', '/v1/reviews', { reviewerId: reviewer.id, childIds: Object.values(children), purpose: 'Demonstration: rapid review of the Ashdown family (fiction)', expiresAt });
  const auditor = await call(base, adminKey, 'POST', '/v1/principals', { role: 'auditor', name: 'Demo auditor' });

  const eventsPerAgency = { isla: {}, noah: {}, rosie: {} } as Record<Who, Record<string, number>>;
  for (const who of Object.keys(children) as Who[]) eventsPerAgency[who][who === 'rosie' ? 'health-visiting' : 'school-brookfield'] = 1; // the registration
  for (const entry of lines) {
    const who = (Object.keys(children) as Who[]).find((name) => children[name] === entry.childId)!;
    const agency = String(entry.agencyId);
    eventsPerAgency[who][agency] = (eventsPerAgency[who][agency] ?? 0) + 1;
  }
  return { base, children, reviewerKey: String(reviewer.apiKey), auditorKey: String(auditor.apiKey), eventsPerAgency };
}
