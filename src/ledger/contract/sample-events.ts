import { randomUUID } from 'node:crypto';
import type { Clock } from '../../common/clock';
import type { NewEvent } from '../event-store.port';

/** A fictional event of about 600 bytes, like a typical concern; override any field. */
export function sampleEvent(overrides: Partial<NewEvent> = {}): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'ConcernRaised',
    schemaVersion: 1,
    occurredAt: '2026-01-12T09:30:00.000Z',
    occurredAtPrecision: 'date-time',
    data: {
      categories: ['neglect'],
      description: 'Fictional: child arrived at school hungry and in unwashed clothes for the third day this week.',
      immediateAction: 'Breakfast provided; designated safeguarding lead informed.',
      referred: false,
    },
    metadata: {
      agencyId: 'school-meadowbank',
      author: { id: 'dsl-042', role: 'designated safeguarding lead' },
      correlationId: randomUUID(),
      sensitivity: 'normal',
      source: { ref: 'INC-1001', system: 'fictional-school-system' },
    },
    ...overrides,
  };
}

export function sampleEvents(count: number): NewEvent[] {
  return Array.from({ length: count }, () => sampleEvent());
}

export function newStreamId(): string {
  return `child-${randomUUID()}`;
}

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  constructor(private current = new Date('2026-02-01T10:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
