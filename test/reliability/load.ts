import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { EVENT_CATALOGUE } from '../../src/children/catalogue/event-catalogue';

export interface SentEvent {
  childId: string;
  key: string;
  body: { eventId: string; type: string; occurredAt: string; data: unknown };
}

export interface LoadOutcome {
  /** Answered 201 or 200: the service promised these are stored. */
  acknowledged: Map<string, { childId: string; revision: number }>;
  /** No answer, or a 503: may or may not be stored; the client would send them again. */
  unknown: SentEvent[];
  /** Answered 4xx: a bug in the suite or the service. */
  refused: Array<{ status: number; body: unknown }>;
  /** Answered 5xx other than 503: never acceptable, even while the database is away. */
  failed: Array<{ status: number; body: unknown }>;
  /** The longest a 503 took to come back (ms): unavailability must be said quickly, not after a hang. */
  slowest503Ms: number;
  sent: Map<string, SentEvent>;
}

/**
 * Agencies posting events at a steady pace to whatever URL `target()` gives now, as their systems
 * would: each client one request at a time, a pause between, keeping what was acknowledged and
 * what was left in doubt (connection refused, reset, 503).
 */
const runningLoads = new Set<SteadyLoad>();

/** For a suite's afterAll: a test that failed half-way must not leave clients posting (Jest would never exit). */
export async function stopAllLoads(): Promise<void> {
  await Promise.all([...runningLoads].map((load) => load.stop()));
}

export class SteadyLoad {
  private running = true;
  private readonly loops: Array<Promise<void>>;
  readonly outcome: LoadOutcome = { acknowledged: new Map(), unknown: [], refused: [], failed: [], slowest503Ms: 0, sent: new Map() };

  constructor(target: () => string, clients: Array<{ key: string; children: string[] }>, pauseMs: number) {
    this.loops = clients.map((client, index) => this.loop(target, client, index, pauseMs));
    runningLoads.add(this);
  }

  async stop(): Promise<LoadOutcome> {
    this.running = false;
    runningLoads.delete(this);
    await Promise.all(this.loops);
    return this.outcome;
  }

  private async loop(target: () => string, client: { key: string; children: string[] }, index: number, pauseMs: number): Promise<void> {
    for (let i = 0; this.running; i++) {
      const event: SentEvent = { childId: client.children[(index + i) % client.children.length], key: client.key, body: concern() };
      this.outcome.sent.set(event.body.eventId, event);
      const started = performance.now();
      const answer = await send(target(), event);
      if (answer.status === 201 || answer.status === 200) this.outcome.acknowledged.set(event.body.eventId, { childId: event.childId, revision: answer.revision! });
      else if (answer.status === 0 || answer.status === 503) this.outcome.unknown.push(event);
      else if (answer.status >= 500) this.outcome.failed.push({ status: answer.status, body: answer.body });
      else this.outcome.refused.push({ status: answer.status, body: answer.body });
      if (answer.status === 503) this.outcome.slowest503Ms = Math.max(this.outcome.slowest503Ms, performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, answer.status === 0 ? 50 : pauseMs));
    }
  }
}

export async function send(url: string, event: SentEvent): Promise<{ status: number; revision?: number; body?: unknown }> {
  try {
    const response = await request(url).post(`/v1/children/${event.childId}/events`).set('Authorization', `Bearer ${event.key}`).send(event.body).timeout(15_000);
    return { status: response.status, revision: response.body?.revision, body: response.body };
  } catch {
    return { status: 0 };
  }
}

export function concern(): SentEvent['body'] {
  return { eventId: randomUUID(), type: 'ConcernRaised', occurredAt: '2026-01-12T09:30:00Z', data: EVENT_CATALOGUE.get('ConcernRaised')!.example };
}
