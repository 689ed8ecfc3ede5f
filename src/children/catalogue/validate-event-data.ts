import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { problemsFrom, type FieldProblem } from '../../common/validation/field-problems';
import { certainlyValid } from '../../common/validation/quick-acceptance';
import type { EventDefinition } from './event-catalogue';

export type { FieldProblem };

/**
 * Validates an event's `data` against its definition: unknown fields refused, every problem named
 * by its dotted path (`data.participants.1.role`). Returns the stored shape (a plain object of only
 * the declared fields) or the problems.
 */
export function validateEventData(definition: EventDefinition, data: unknown): { data: Record<string, unknown> } | { problems: FieldProblem[] } {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { problems: [{ field: 'data', reason: 'data must be an object' }] };
  }
  const polluting = findPollutingKey(data, 'data');
  if (polluting) return { problems: [{ field: polluting, reason: `${polluting} is not a known field` }] };
  if (!certainlyValid(definition.data, data)) {
    const instance = plainToInstance(definition.data, data, { enableImplicitConversion: false });
    const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
    if (errors.length > 0) return { problems: problemsFrom(errors, 'data') };
  }
  return { data: structuredClone(data as Record<string, unknown>) };
}

const POLLUTING_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const isPolluting = (key: string) => POLLUTING_KEYS.has(key) || key in Object.prototype;

/**
 * Keys that would reach an object's prototype when copied onto a class instance, or that name a
 * member every object inherits (`toString`, `valueOf`...): class-transformer does not copy those,
 * so class-validator would never see them and they would be stored unchecked. Refused before anything else.
 */
export function findPollutingKey(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value !== 'object' || value === null || depth > 20) return undefined;
  for (const key of Object.keys(value)) {
    const here = path ? `${path}.${key}` : key;
    if (isPolluting(key)) return here;
    const found = findPollutingKey((value as Record<string, unknown>)[key], here, depth + 1);
    if (found) return found;
  }
  return undefined;
}
