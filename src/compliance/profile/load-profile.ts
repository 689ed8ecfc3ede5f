import { readFileSync } from 'node:fs';
import { DEFAULT_PROFILE, InvalidProfileError, scheduleFrom, type ProfileSchedule } from './policy-profile';

/** The Nest injection token of the profile in force. */
export const COMPLIANCE_PROFILE = Symbol('COMPLIANCE_PROFILE');

/**
 * The partnership's profiles from COMPLIANCE_PROFILE_FILE (JSON: one profile, a list, or
 * `{"profiles": [...]}`, each with its `effectiveFrom`), or the default. A bad file stops the service with the reason.
 */
export function loadProfile(file: string | undefined): ProfileSchedule {
  if (!file) return [DEFAULT_PROFILE];
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new InvalidProfileError(`COMPLIANCE_PROFILE_FILE: cannot read ${file}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new InvalidProfileError(`COMPLIANCE_PROFILE_FILE: ${file} is not valid JSON`);
  }
  return scheduleFrom(raw);
}
