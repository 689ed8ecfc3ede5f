import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { EVENT_CATALOGUE, type EventDefinition } from '../../children/catalogue/event-catalogue';
import { DESCRIBED_EVENT_TYPES, describeEvent, typeInWords, type EventDescription } from './event-descriptions';

const definitions = [...EVENT_CATALOGUE.values()];
const eachDefinition = definitions.map((definition) => [definition.type, definition] as const);
const AGENCY = 'school-meadowbank';
const REF_A = '0b8a7c6d-1e2f-4a3b-8c4d-5e6f7a8b9c0d';
const REF_B = '9f8e7d6c-5b4a-4c3d-9e2f-1a0b9c8d7e6f';

/** The fields declared with EventRefField / EventRefListField: they are the ones documented as uuid in the OpenAPI metadata. */
function eventRefFields(definition: EventDefinition): string[] {
  return Object.keys(definition.example).filter(
    (field) => (Reflect.getMetadata('swagger/apiModelProperties', definition.data.prototype, field) as { format?: string } | undefined)?.format === 'uuid',
  );
}

function expectReadable(description: EventDescription) {
  expect(description.summary).toMatch(/\S/);
  expect(description.summary).toMatch(/\.$/);
  expect(['concern', 'protective', 'neutral']).toContain(description.significance);
  for (const text of [description.summary, description.action, description.outcome]) {
    if (text === null) continue;
    expect(text).toMatch(/\S/);
    expect(text).not.toMatch(/undefined|null|NaN|\[object Object\]/);
  }
}

describe('describing each event of the catalogue', () => {
  it('given the catalogue, then there is one describer per event type and none for a type it does not define', () => {
    expect([...DESCRIBED_EVENT_TYPES].sort()).toEqual(definitions.map((definition) => definition.type).sort());
    expect(DESCRIBED_EVENT_TYPES.size).toBe(47);
  });

  it.each(eachDefinition)('given the %s example, when described, then it reads as plain sentences with a valid significance', (type, definition) => {
    const description = describeEvent(type, definition.example, AGENCY);
    expectReadable(description);
    expect(description.summary).not.toMatch(/recorded by school-meadowbank\.$/);
  });

  it.each(eachDefinition)('given %s data with every field missing, when described, then it still reads without gaps', (type) => {
    expectReadable(describeEvent(type, {}, AGENCY));
  });

  it.each(eachDefinition)('given %s data with every field of the wrong shape, when described, then it still reads without gaps', (type, definition) => {
    const malformed = Object.fromEntries(Object.keys(definition.example).map((field, index) => [field, [42, {}, [null], true][index % 4]]));
    expectReadable(describeEvent(type, malformed, AGENCY));
  });
});

describe('related events', () => {
  it.each(eachDefinition)('given the %s example, then its related events are exactly the event references in its data', (type, definition) => {
    const expected = [...new Set(eventRefFields(definition).flatMap((field) => [definition.example[field]].flat()))];
    expect(describeEvent(type, definition.example, AGENCY).relatedEvents).toEqual(expected);
  });

  it('given a referral raising the same concern twice, then each concern is related once, in order', () => {
    const { relatedEvents } = describeEvent('ReferralMade', { ...EVENT_CATALOGUE.get('ReferralMade')!.example, concernIds: [REF_A, REF_B, REF_A] }, AGENCY);
    expect(relatedEvents).toEqual([REF_A, REF_B]);
  });

  it.each([
    ['ReferralDecisionMade', { referralId: REF_A }],
    ['ReferrerNotified', { decisionId: REF_A }],
    ['RecordCorrected', { correctedEventId: REF_A }],
    ['SensitivityChanged', { eventId: REF_A }],
    ['Section47Concluded', { section47Id: REF_A }],
    ['LadoReferralMade', { allegationId: REF_A }],
  ])('given %s, then the event it points at is related', (type, references) => {
    expect(describeEvent(type, { ...EVENT_CATALOGUE.get(type)!.example, ...references }, AGENCY).relatedEvents).toEqual([REF_A]);
  });

  it('given an escalation with no disagreement recorded and a referral with no concerns, then nothing is related', () => {
    expect(describeEvent('EscalationRaised', { subject: 'Decision.', withAgency: 'csc-northshire', step: 1 }, AGENCY).relatedEvents).toEqual([]);
    expect(describeEvent('ReferralMade', { fromAgency: AGENCY, toAgency: 'csc-northshire', route: 'mash', familyInformed: true }, AGENCY).relatedEvents).toEqual([]);
  });
});

describe('withheld content and unknown types', () => {
  it.each(eachDefinition)('given a %s whose content was withheld, when described, then it says so and relates nothing', (type) => {
    const description = describeEvent(type, null, AGENCY);
    expectReadable(description);
    expect(description.summary).toMatch(/ \(content withheld\)\.$/);
    expect(description).toMatchObject({ action: null, outcome: null, relatedEvents: [] });
  });

  it('given withheld events, then the significance is what the type alone says', () => {
    expect(describeEvent('ConcernRaised', null, AGENCY)).toMatchObject({ summary: 'Concern raised (content withheld).', significance: 'concern' });
    expect(describeEvent('ChildVoiceRecorded', null, AGENCY).significance).toBe('protective');
    expect(describeEvent('ReferralDecisionMade', null, AGENCY).significance).toBe('neutral');
    expect(describeEvent('CPFileTransferred', null, AGENCY).summary).toBe('Child protection file transferred (content withheld).');
  });

  it.each(['FamilyGroupConferenceHeld', 'toString', '__proto__', ''])('given the unknown type %p, when described, then it reads generically without throwing', (type) => {
    const description = describeEvent(type, { anything: 'at all' }, AGENCY);
    expectReadable(description);
    expect(description).toMatchObject({ significance: 'neutral', action: null, outcome: null, relatedEvents: [] });
    expect(description.summary).toMatch(/ recorded by school-meadowbank\.$/);
  });

  it('given a future type, then its name is split into words', () => {
    expect(describeEvent('FamilyGroupConferenceHeld', null, AGENCY).summary).toBe('Family group conference held recorded by school-meadowbank.');
    expect(typeInWords('Section47Started')).toBe('Section 47 started');
    expect(typeInWords('LadoReferralMade')).toBe('LADO referral made');
  });
});

describe('free text and identifiers', () => {
  const long = `${'The child was hungry and tired again today. '.repeat(40)}End.`;

  it('given free text far over 300 characters, when described, then the summary carries it cut at a word with an ellipsis', () => {
    const { summary, action } = describeEvent('ConcernRaised', { categories: ['neglect'], description: long, immediateAction: long, referred: false }, AGENCY);
    const description = summary.slice(summary.indexOf(': ') + 2, summary.indexOf('… ') + 1);
    expect(description.length).toBeGreaterThan(240);
    expect(description.length).toBeLessThanOrEqual(300);
    expect(long.startsWith(description.slice(0, -1))).toBe(true);
    expect(long.charAt(description.length - 1)).toMatch(/[ .]/);
    expect(summary).not.toContain('End.');
    expect(action!.length).toBeLessThanOrEqual(1000);
    expect(action).toMatch(/…$/);
  });

  it('given a registration, then the summary gives the date of birth but no NHS number, local id or household', () => {
    const { summary } = describeEvent('ChildRegistered', EVENT_CATALOGUE.get('ChildRegistered')!.example, AGENCY);
    expect(summary).toBe('Record opened for the child. Date of birth: 4 May 2017.');
    expect(describeEvent('ChildRegistered', { nhsNumber: '9434765919', expectedDeliveryDate: '2026-03-02' }, AGENCY).summary).toBe(
      'Record opened for the child. The child was not yet born; expected due date: 2 March 2026.',
    );
  });

  it('given a birth or a correction of an NHS number, then the number is not shown', () => {
    expect(describeEvent('ChildBorn', { dateOfBirth: '2026-03-02', nhsNumber: '9434765919' }, AGENCY).summary).toBe('The child was born on 2 March 2026.');
    const corrected = describeEvent('RecordCorrected', { correctedEventId: REF_A, fields: [{ path: 'nhsNumber', value: '"9434765919"' }], reason: 'Wrong number.' }, AGENCY);
    expect(corrected.summary).toBe('An earlier record was corrected (NHS number). Reason: Wrong number.');
    expect(JSON.stringify(corrected)).not.toContain('9434765919');
  });
});

describe('summaries of key events', () => {
  it('given a concern that was referred on, then the summary names the categories, what happened and the immediate action', () => {
    const description = describeEvent(
      'ConcernRaised',
      { categories: ['neglect', 'emotional'], description: 'Arrived hungry three days this week', immediateAction: 'Breakfast given.', referred: true },
      AGENCY,
    );
    expect(description).toEqual({
      summary:
        'A concern about neglect and emotional abuse was raised by school-meadowbank: Arrived hungry three days this week. Immediate action: Breakfast given. The concern was referred on.',
      significance: 'concern',
      action: 'Breakfast given.',
      outcome: 'Referred on',
      relatedEvents: [],
    });
  });

  it('given referral decisions, then the decision is explained and its significance follows it', () => {
    const strategy = describeEvent('ReferralDecisionMade', { referralId: REF_A, decision: 'strategy-discussion', rationale: 'Bruise on the face.', decidedBy: 'mash-manager-07' }, AGENCY);
    expect(strategy.summary).toBe(
      'The referral was considered and the decision was a strategy discussion (police, health and social care decide together whether to make child protection enquiries). Reason: Bruise on the face.',
    );
    expect(strategy).toMatchObject({ significance: 'concern', outcome: 'Strategy discussion', relatedEvents: [REF_A] });
    expect(strategy.summary).not.toContain('mash-manager-07');
    const nothingMore = describeEvent('ReferralDecisionMade', { referralId: REF_A, decision: 'no-further-action', rationale: 'Needs met.', decidedBy: 'm' }, AGENCY);
    expect(nothingMore).toMatchObject({
      summary: 'The referral was considered and the decision was no further action. Reason: Needs met.',
      significance: 'neutral',
      outcome: 'No further action',
    });
  });

  it('given a child who was not brought to an appointment, then the summary says so and the follow-up is the action', () => {
    expect(describeEvent('AppointmentMissed', EVENT_CATALOGUE.get('AppointmentMissed')!.example, 'health-north')).toEqual({
      summary: 'The child was not brought to a developmental review appointment with community paediatrics. Follow-up: Health visitor to call mother.',
      significance: 'concern',
      action: 'Health visitor to call mother.',
      outcome: 'Was not brought',
      relatedEvents: [],
    });
    const notAttended = describeEvent('AppointmentMissed', { service: 'CAMHS', appointmentKind: 'initial', wasNotBrought: false, followUp: 'Letter sent.' }, 'health-north');
    expect(notAttended.summary).toBe('The child did not attend an initial appointment with CAMHS. Follow-up: Letter sent.');
  });

  it.each([
    [{ statutory: true, childSeen: true, childSeenAlone: true }, "A statutory visit (a visit the law or the child's plan requires) took place. The child was seen alone.", 'protective', 'Child seen alone'],
    [{ statutory: false, childSeen: false, childSeenAlone: false }, 'A visit took place. The child was not seen.', 'concern', 'Child not seen'],
    [{ statutory: false, childSeen: true, childSeenAlone: false }, 'A visit took place. The child was seen, but not alone; no reason was recorded.', 'protective', 'Child seen, not alone'],
  ])('given a visit %p, then the summary says whether the child was seen alone', (data, summary, significance, outcome) => {
    expect(describeEvent('VisitCompleted', data, AGENCY)).toEqual({ summary, significance, action: null, outcome, relatedEvents: [] });
  });

  it.each([
    ['child-in-need', 'The child protection plan ended: Risk reduced. Support continues through a child in need plan.'],
    ['early-help', 'The child protection plan ended: Risk reduced. Support continues through an early help plan.'],
    ['universal-services', 'The child protection plan ended: Risk reduced. Support continues through universal services (services open to every child, such as school and the GP).'],
    ['none', 'The child protection plan ended: Risk reduced. No further plan.'],
  ])('given a child protection plan ended and stepped down to %s, then the summary gives the reason and what follows', (steppedDownTo, summary) => {
    const description = describeEvent('PlanEnded', { planId: REF_A, planType: 'child-protection', endReason: 'Risk reduced.', steppedDownTo }, AGENCY);
    expect(description).toMatchObject({ summary, significance: 'neutral', relatedEvents: [REF_A] });
    expect(description.outcome).toMatch(/^Risk reduced\. /);
  });

  it('given a conference an invited agency did not attend, then the summary says who was missing and what was decided', () => {
    const { summary, significance } = describeEvent('ConferenceHeld', EVENT_CATALOGUE.get('ConferenceHeld')!.example, 'csc-northshire');
    expect(summary).toContain('Attending: social care and police. Invited but not attending: health. Reports were received from health.');
    expect(summary).toContain('The conference decided that the child needs a child protection plan, under the category of neglect.');
    expect(significance).toBe('concern');
  });

  it('given consent sought for a section 47 enquiry, then the summary says consent is not needed for it', () => {
    expect(describeEvent('ConsentSought', { scope: 'section-47-enquiry', who: 'parent-with-parental-responsibility' }, AGENCY).summary).toBe(
      'Consent was sought for a section 47 enquiry (child protection enquiry) from a parent with parental responsibility. Consent is not needed for this step when a child may be at risk of significant harm.',
    );
  });
});
