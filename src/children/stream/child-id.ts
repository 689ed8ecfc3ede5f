import { ChildNotRegisteredError } from './child-errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A child id from a URL: a UUID, lower-cased; anything else names no child (404). */
export function childIdFromPath(value: string): string {
  if (!UUID.test(value)) throw new ChildNotRegisteredError(value.slice(0, 64));
  return value.toLowerCase();
}
