import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { problemsFrom } from '../../common/validation/field-problems';
import { certainlyValid } from '../../common/validation/quick-acceptance';
import type { OccurredAtPrecision, Sensitivity } from '../../ledger/event-store.port';
import { EVENT_CATALOGUE, type EventIntake } from '../catalogue/event-catalogue';
import { findPollutingKey, validateEventData, type FieldProblem } from '../catalogue/validate-event-data';
import { parseOccurredAt } from './occurred-at';
import { RecordEventRequest } from './record-event-request';

/** An event that passed every check of intake, ready for the child's decider. */
export interface ValidEvent {
  eventId: string;
  type: string;
  schemaVersion: number;
  occurredAt: string;
  occurredAtPrecision: OccurredAtPrecision;
  data: Record<string, unknown>;
  expectedRevision?: number | 'any' | 'no_stream' | 'stream_exists';
  author?: { id: string; role?: string };
  source?: { system: string; ref?: string };
  sensitivity: Sensitivity;
  causationId?: string;
}

/**
 * Checks one posted event from top to bottom and names every problem by its field: the envelope,
 * then the type (known, and allowed through this door), then the time, then the type's data.
 * `prefix` names the event's place in a batch (`events.3`).
 */
export function parseRecordEvent(body: unknown, now: Date, allowed: EventIntake | readonly EventIntake[] = 'live', prefix = ''): { event: ValidEvent } | { problems: FieldProblem[] } {
  const at = (field: string) => (prefix ? `${prefix}.${field}` : field);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { problems: [{ field: prefix || 'body', reason: 'an event must be a JSON object' }] };
  const polluting = findPollutingKey(body, prefix);
  if (polluting) return { problems: [{ field: polluting, reason: `${polluting} is not a known field` }] };
  const request = envelopeOf(body, prefix);
  if ('problems' in request) return request;

  const definition = EVENT_CATALOGUE.get(request.type);
  if (!definition) return { problems: [{ field: at('type'), reason: `${request.type} is not an event type of the catalogue` }] };
  if (!(typeof allowed === 'string' ? [allowed] : allowed).includes(definition.intake)) {
    return { problems: [{ field: at('type'), reason: `${request.type} cannot be recorded here (${describeIntake(definition.intake)})` }] };
  }
  const occurred = parseOccurredAt(request.occurredAt, now);
  if ('problem' in occurred) return { problems: [{ field: at('occurredAt'), reason: occurred.problem }] };
  const data = validateEventData(definition, request.data);
  if ('problems' in data) return { problems: data.problems.map((problem) => ({ ...problem, field: at(problem.field) })) };

  return {
    event: {
      eventId: request.eventId.toLowerCase(),
      type: definition.type,
      schemaVersion: definition.schemaVersion,
      occurredAt: occurred.occurredAt,
      occurredAtPrecision: occurred.precision,
      data: data.data,
      expectedRevision: request.expectedRevision,
      author: request.author && { ...request.author },
      source: request.source && { ...request.source },
      sensitivity: request.sensitivity ?? 'normal',
      causationId: request.causationId?.toLowerCase(),
    },
  };
}

/** The envelope's fields, or every problem with them (class-validator is asked only when the quick check cannot say yes). */
function envelopeOf(body: object, prefix: string): RecordEventRequest | { problems: FieldProblem[] } {
  if (certainlyValid(RecordEventRequest, body)) return body as RecordEventRequest;
  const request = plainToInstance(RecordEventRequest, body);
  const problems = problemsFrom(validateSync(request, { whitelist: true, forbidNonWhitelisted: true }), prefix);
  return problems.length ? { problems } : request;
}

function describeIntake(intake: EventIntake): string {
  return { live: 'live intake', registration: 'it is written by POST /v1/children', admin: 'only an administrator records it', import: 'it is import-only' }[intake];
}
