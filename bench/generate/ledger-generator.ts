import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { EVENT_EXAMPLES } from '../../src/children/catalogue/event-examples';
import { seededRandom } from '../projections/bench-history';

/*
 * A realistic, fictional partnership's history as import lines (API.md "One import line"): forty
 * agencies of every kind, children with very different amounts of history (most a little, a few a
 * great deal), each seen by a school and a few other agencies, the everyday event types in the
 * proportions practice records them, recording lags from the same day to months late (and some
 * unknown), and corrections and sensitivity changes pointing back at the agency's own earlier events.
 */

const KINDS: ReadonlyArray<[string, string, number]> = [
  ['school', 'school', 12], ['health', 'health', 8], ['police', 'police', 5], ['csc', 'social-care', 5],
  ['early-help', 'early-help', 4], ['housing', 'housing', 3], ['probation', 'probation', 3],
];

export const GENERATED_AGENCIES = KINDS.flatMap(([prefix, kind, count]) =>
  Array.from({ length: count }, (_, i) => ({ id: `${prefix}-${String(i + 1).padStart(2, '0')}`, name: `Fictional ${kind} service ${i + 1}`, kind })));

const MIX: ReadonlyArray<[string, number]> = [
  ['ConcernRaised', 22], ['VisitCompleted', 11], ['AppointmentMissed', 9], ['InformationShared', 6], ['ChildVoiceRecorded', 6],
  ['ManagementOversightRecorded', 5], ['ReferralMade', 5], ['ReferralDecisionMade', 4], ['AssessmentStarted', 3], ['AssessmentCompleted', 3],
  ['VisitNoAccess', 3], ['StrategyDiscussionHeld', 2], ['ConferenceHeld', 2], ['PlanStarted', 2], ['PlanReviewed', 2], ['CoreGroupHeld', 2],
  ['PlanEnded', 1], ['EscalationRaised', 1], ['ConsentSought', 2], ['ConsentGiven', 1], ['CaseClosed', 1],
  ['RecordCorrected', 5], ['SensitivityChanged', 1],
];
const WHEEL = MIX.flatMap(([type, weight]) => Array<string>(weight).fill(type));
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 20);

export interface GeneratedLedger {
  events: number;
  lines: number;
}

/** How many events each child gets: exponential weights, at least 3, summing to `events`. */
export function historySizes(children: number, events: number, random: () => number): number[] {
  const weights = Array.from({ length: children }, () => -Math.log(1 - random() * 0.999999));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const sizes = weights.map((weight) => Math.max(3, Math.floor((weight / total) * events)));
  let missing = events - sizes.reduce((sum, size) => sum + size, 0);
  for (let i = 0; missing !== 0; i = (i + 1) % children) {
    if (missing > 0) { sizes[i] += 1; missing -= 1; } else if (sizes[i] > 3) { sizes[i] -= 1; missing += 1; }
  }
  return sizes;
}

/** Writes the import lines for `childIds` (registered beforehand) to `file`, `events` in all. */
export async function writeLedgerFile(file: string, childIds: readonly string[], events: number, seed = 10): Promise<GeneratedLedger> {
  const random = seededRandom(seed);
  const sizes = historySizes(childIds.length, events, random);
  const out = createWriteStream(file);
  const write = async (line: string) => {
    if (!out.write(line)) await new Promise<void>((done) => out.once('drain', () => done()));
  };
  let lines = 0;
  for (const [index, childId] of childIds.entries()) {
    for (const line of childHistory(childId, sizes[index], random)) {
      await write(`${JSON.stringify(line)}\n`);
      lines += 1;
    }
  }
  await new Promise<void>((done) => out.end(() => done()));
  return { events, lines };
}

function childHistory(childId: string, size: number, random: () => number): Array<Record<string, unknown>> {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const schools = GENERATED_AGENCIES.filter((agency) => agency.id.startsWith('school'));
  const others = GENERATED_AGENCIES.filter((agency) => !agency.id.startsWith('school'));
  const involved = [pick(schools).id, ...Array.from({ length: 2 + Math.floor(random() * 4) }, () => pick(others).id)];
  const start = Date.UTC(2016, 0, 1) + Math.floor(random() * 9.5 * 365) * DAY;
  const step = (NOW - start) / size;
  const written: Array<{ eventId: string; agencyId: string; type: string }> = [];
  const lines: Array<Record<string, unknown>> = [];
  for (let i = 0; i < size; i++) {
    const occurred = new Date(start + Math.floor(i * step + random() * step));
    let type = pick(WHEEL);
    let agencyId = pick(involved);
    let data: Record<string, unknown> = { ...EVENT_EXAMPLES[type] };
    const ownEarlier = written.filter((event) => event.type !== 'RecordCorrected' && event.type !== 'SensitivityChanged');
    if (type === 'RecordCorrected' || type === 'SensitivityChanged') {
      if (ownEarlier.length === 0) {
        type = 'ConcernRaised';
        data = { ...EVENT_EXAMPLES[type] };
      } else {
        const target = pick(ownEarlier);
        agencyId = target.agencyId; // an agency corrects and seals its own records only
        data = type === 'RecordCorrected'
          ? { ...EVENT_EXAMPLES.RecordCorrected, correctedEventId: target.eventId }
          : { eventId: target.eventId, sensitivity: 'restricted', reason: 'Fictional: a police investigation is under way.' };
      }
    }
    const referral = written.find((event) => event.type === 'ReferralMade');
    const plan = written.find((event) => event.type === 'PlanStarted');
    if (type === 'ReferralDecisionMade' && referral) data.referralId = referral.eventId;
    if ((type === 'PlanReviewed' || type === 'PlanEnded' || type === 'CoreGroupHeld') && plan) data.planId = plan.eventId;
    const eventId = randomUUID();
    written.push({ eventId, agencyId, type });
    const asDate = random() < 0.6;
    const occurredAt = asDate ? occurred.toISOString().slice(0, 10) : occurred.toISOString();
    lines.push({ childId, agencyId, eventId, type, occurredAt, data, ...recordedAt(occurred, random) });
  }
  return lines;
}

/** Most the same day or the next two; some within a fortnight; a tenth one to three months late; 3 % unknown. */
function recordedAt(occurred: Date, random: () => number): { recordedAt?: string } {
  const roll = random();
  if (roll < 0.03) return {};
  const lagDays = roll < 0.7 ? random() * 2 : roll < 0.9 ? 3 + random() * 11 : 15 + random() * 75;
  const at = Math.min(occurred.getTime() + Math.floor(lagDays * DAY) + 3_600_000, NOW);
  return { recordedAt: new Date(Math.max(at, occurred.getTime() + 86_400_000)).toISOString() };
}
