import { describe, expect, it } from '@jest/globals';
import { EVENT_CATALOGUE } from '../catalogue/event-catalogue';
import type { ValidEvent } from '../intake/parse-record-event';
import { decide, evolve, initialChildState, type ChildState, type RecordingContext } from './child-stream';

const context: RecordingContext = {
  childId: '5f0c3c9e-8a7b-4b52-9d59-2f1f8f3c1a01',
  agencyId: 'school-meadowbank',
  principal: { id: 'key-owner-1', role: 'agency' },
  correlationId: 'req-1',
};

let counter = 0;
function event(type: string, data: Record<string, unknown> = EVENT_CATALOGUE.get(type)!.example): ValidEvent {
  counter += 1;
  return {
    eventId: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`, type, schemaVersion: 1,
    occurredAt: '2026-01-12', occurredAtPrecision: 'date', data, sensitivity: 'normal',
  };
}

/** given (history) / when (events recorded) / then (what is written, or the error). */
function given(...history: Array<{ type: string; eventId: string; metadata?: { agencyId?: string } }>) {
  const state = history.reduce<ChildState>(evolve, initialChildState);
  return { when: (...events: ValidEvent[]) => () => decide({ kind: 'RecordEvents', context, events }, state) };
}

const registered = { type: 'ChildRegistered', eventId: 'e0000000-0000-4000-8000-000000000000' };

describe("the child's stream", () => {
  it('given a registered child, when a concern is recorded, then it is written with the agency from the key', () => {
    const concern = event('ConcernRaised');
    const [written] = given(registered).when(concern)();
    expect(written).toMatchObject({
      eventId: concern.eventId, type: 'ConcernRaised', data: concern.data,
      metadata: { agencyId: 'school-meadowbank', actor: { principalId: 'key-owner-1', role: 'agency' }, sensitivity: 'normal', correlationId: 'req-1' },
    });
  });

  it('given no registration, when anything is recorded, then CHILD.NOT_FOUND', () => {
    expect(given().when(event('ConcernRaised'))).toThrow(expect.objectContaining({ code: 'CHILD.NOT_FOUND' }));
  });

  it('given a child with no plan on record, when a PlanEnded arrives, then it is kept (workflow oddities are findings, not refusals)', () => {
    expect(given(registered).when(event('PlanEnded', { planType: 'child-protection', endReason: 'Closed.' }))()).toHaveLength(1);
  });

  it('given a concern on record, when it is corrected, then the correction is written', () => {
    const concern = { type: 'ConcernRaised', eventId: 'c0000000-0000-4000-8000-000000000001', metadata: { agencyId: 'school-meadowbank' } };
    const correction = event('RecordCorrected', { correctedEventId: concern.eventId, fields: [{ path: 'description', value: '"x"' }], reason: 'Typo.' });
    expect(given(registered, concern).when(correction)()).toHaveLength(1);
  });

  it('when a correction points at an event of another child (or none), then CHILD.REFERENCE_NOT_IN_STREAM names the field', () => {
    const correction = event('RecordCorrected', { correctedEventId: 'f0000000-0000-4000-8000-00000000000f', fields: [{ path: 'description', value: '"x"' }], reason: 'Typo.' });
    expect(given(registered).when(correction)).toThrow(expect.objectContaining({ code: 'CHILD.REFERENCE_NOT_IN_STREAM', details: expect.objectContaining({ field: 'data.correctedEventId' }) }));
  });

  it("given another agency's event, when this agency corrects or unseals it, then CHILD.NOT_THE_RECORDING_AGENCY", () => {
    const allegation = { type: 'AllegationMade', eventId: 'a0000000-0000-4000-8000-00000000000a', metadata: { agencyId: 'police-northshire' } };
    const unseal = event('SensitivityChanged', { eventId: allegation.eventId, sensitivity: 'normal', reason: 'Trying.' });
    expect(given(registered, allegation).when(unseal)).toThrow(expect.objectContaining({ code: 'CHILD.NOT_THE_RECORDING_AGENCY' }));
  });

  it('when a batch records an allegation and seals it later in the same request, then both are written', () => {
    const allegation = event('AllegationMade');
    const seal = event('SensitivityChanged', { eventId: allegation.eventId, sensitivity: 'sealed', reason: 'Police investigation.' });
    expect(given(registered).when(allegation, seal)().map((e) => e.type)).toEqual(['AllegationMade', 'SensitivityChanged']);
  });
});
