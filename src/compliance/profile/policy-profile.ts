/**
 * Every timescale and threshold the compliance rules use (DOMAIN.md "Statutory timescales" and
 * "Compliance rules"). The default profile holds the national values and the common local ones;
 * a partnership supplies its own in a JSON file (COMPLIANCE_PROFILE_FILE), validated at start.
 * Every finding names the profile (name and version) that judged it.
 */
export interface PolicyProfile {
  name: string;
  version: string;
  /** The first day (Europe/London) it judges: a finding is judged by the profile in force on its triggering event's day. */
  effectiveFrom: string;
  /** Working days, unless the name says otherwise. */
  referralDecisionWorkingDays: number;
  referrerNotifiedWorkingDays: number;
  assessmentWorkingDays: number;
  strategyDiscussionWorkingDays: number;
  initialConferenceWorkingDays: number;
  firstReviewConferenceMonths: number;
  reviewConferenceIntervalMonths: number;
  firstCoreGroupWorkingDays: number;
  coreGroupIntervalWeeks: number;
  statutoryVisitWorkingDays: number;
  recordingLag: { criticalHours: number; significantWorkingDays: number; otherWorkingDays: number };
  disagreementEscalationWorkingDays: number;
  /** Working days each step of the resolving-professional-differences protocol may last. */
  escalationStepWorkingDays: number[];
  dissentHours: number;
  repeatReferralMonths: number;
  reReferralAfterClosureMonths: number;
  childProtectionPlanWarnMonths: number;
  childProtectionPlanAlertMonths: number;
  cumulativeConcerns: { signals: number; agencies: number; months: number };
  wasNotBrought: { count: number; months: number };
  consentBarrierWorkingDays: number;
  ladoWorkingDays: number;
  chronologyBeforeConferenceWorkingDays: number;
  managementOversightMonths: number;
  cpFileTransferSchoolDays: number;
}

export const DEFAULT_PROFILE: PolicyProfile = {
  name: 'national-default',
  version: '2026-11',
  effectiveFrom: '1900-01-01',
  referralDecisionWorkingDays: 1,
  referrerNotifiedWorkingDays: 1,
  assessmentWorkingDays: 45,
  strategyDiscussionWorkingDays: 1,
  initialConferenceWorkingDays: 15,
  firstReviewConferenceMonths: 3,
  reviewConferenceIntervalMonths: 6,
  firstCoreGroupWorkingDays: 10,
  coreGroupIntervalWeeks: 6,
  statutoryVisitWorkingDays: 10,
  recordingLag: { criticalHours: 24, significantWorkingDays: 2, otherWorkingDays: 5 },
  disagreementEscalationWorkingDays: 5,
  escalationStepWorkingDays: [2, 5, 10, 10, 10],
  dissentHours: 72,
  repeatReferralMonths: 12,
  reReferralAfterClosureMonths: 6,
  childProtectionPlanWarnMonths: 15,
  childProtectionPlanAlertMonths: 24,
  cumulativeConcerns: { signals: 4, agencies: 2, months: 6 },
  wasNotBrought: { count: 2, months: 6 },
  consentBarrierWorkingDays: 2,
  ladoWorkingDays: 1,
  chronologyBeforeConferenceWorkingDays: 20,
  managementOversightMonths: 2,
  cpFileTransferSchoolDays: 5,
};

export class InvalidProfileError extends Error {}

/** A partnership's profile: the default with its own values over it; every value checked. */
export function profileFrom(raw: unknown): PolicyProfile {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new InvalidProfileError('The compliance profile must be a JSON object');
  const merged = { ...DEFAULT_PROFILE, ...(raw as Record<string, unknown>) } as Record<string, unknown>;
  const problems: string[] = [];
  for (const [key, fallback] of Object.entries(DEFAULT_PROFILE)) {
    const value = merged[key];
    if (typeof fallback === 'string' && (typeof value !== 'string' || value.length === 0)) problems.push(`${key} must be a non-empty string`);
    if (typeof fallback === 'number' && !isCount(value)) problems.push(`${key} must be a whole number from 0 to 1000`);
    if (Array.isArray(fallback) && (!Array.isArray(value) || value.length === 0 || !value.every(isCount))) problems.push(`${key} must be a list of whole numbers`);
    if (typeof fallback === 'object' && !Array.isArray(fallback)) {
      const nested = { ...fallback, ...(value as object) } as Record<string, unknown>;
      for (const inner of Object.keys(fallback)) if (!isCount(nested[inner])) problems.push(`${key}.${inner} must be a whole number from 0 to 1000`);
      merged[key] = nested;
    }
  }
  for (const key of Object.keys(raw as object)) if (!(key in DEFAULT_PROFILE)) problems.push(`${key} is not a profile setting`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(String(merged.effectiveFrom))) problems.push('effectiveFrom must be a date (YYYY-MM-DD)');
  if (problems.length > 0) throw new InvalidProfileError(`Invalid compliance profile:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  return merged as unknown as PolicyProfile;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 1000;
}

/** Profiles in force one after another, by `effectiveFrom`. */
export type ProfileSchedule = readonly PolicyProfile[];

/** A schedule from one profile, a list, or `{profiles: [...]}`: each checked, no two starting the same day. */
export function scheduleFrom(raw: unknown): ProfileSchedule {
  const list = Array.isArray(raw) ? raw : (typeof raw === 'object' && raw !== null && Array.isArray((raw as { profiles?: unknown }).profiles)) ? (raw as { profiles: unknown[] }).profiles : [raw];
  if (list.length === 0) throw new InvalidProfileError('The compliance profile file lists no profile');
  const schedule = list.map(profileFrom).sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  if (new Set(schedule.map((profile) => profile.effectiveFrom)).size !== schedule.length) throw new InvalidProfileError('Two compliance profiles take effect on the same day');
  return schedule;
}
