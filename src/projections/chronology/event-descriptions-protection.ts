import type {
  ConferenceHeldData, CoreGroupHeldData, ProfessionalDissentRecordedData, Section47ConcludedData, Section47StartedData, StrategyDiscussionHeldData,
} from '../../children/catalogue/events/child-protection-events';
import type { Significance } from './chronology-entry';
import {
  agency, capitalised, clip, column, CONCERN_CATEGORY_WORDS, date, describer, flag, labelled, list, participantKinds, sentences,
  withText, words, type Describer,
} from './event-descriptions-wording';

const SECTION_47 = 'a section 47 enquiry (child protection enquiry, led by social care to find out whether the child is suffering or likely to suffer significant harm)';

const STRATEGY_OUTCOME_WORDS: Readonly<Record<string, string>> = {
  'section-47': 'start a section 47 enquiry (child protection enquiry)',
  'no-section-47': 'not start a section 47 enquiry (child protection enquiry)',
};

const SECTION_47_OUTCOME_WORDS: Readonly<Record<string, string>> = {
  'concerns-substantiated-conference': 'the concerns were confirmed and a child protection conference will be held',
  'concerns-substantiated-no-conference': 'the concerns were confirmed, but a child protection conference is not needed',
  'concerns-not-substantiated': 'the concerns were not confirmed',
};

const CONFERENCE_KIND_WORDS: Readonly<Record<string, string>> = {
  initial: 'An initial child protection conference',
  review: 'A review child protection conference',
  'transfer-in': 'A transfer-in child protection conference (for a child with a plan who moved into the area)',
  'pre-birth': 'A pre-birth child protection conference',
};

const CONFERENCE_DECISION_WORDS: Readonly<Record<string, string>> = {
  'child-protection-plan': 'the child needs a child protection plan',
  'no-plan': 'a child protection plan is not needed',
  'plan-continues': 'the child protection plan continues',
  'plan-ends': 'the child protection plan ends',
};

const CONFERENCE_SIGNIFICANCE: Readonly<Record<string, Significance>> = { 'child-protection-plan': 'concern', 'plan-continues': 'concern' };

const agencyIds = (participants: unknown): Set<unknown> =>
  new Set(Array.isArray(participants) ? participants.map((participant) => (participant as { agency?: unknown } | null)?.agency) : []);

/** Invited participants whose agency did not attend, as agency kinds in words. */
function absent(invited: unknown, attending: unknown): string | null {
  const present = agencyIds(attending);
  return participantKinds(Array.isArray(invited) ? invited.filter((participant) => !present.has((participant as { agency?: unknown } | null)?.agency)) : null);
}

// Strategy discussions and section 47 enquiries happen because significant harm is suspected: a worry.
// A conference deciding on (or continuing) a child protection plan shows continuing risk; other decisions are
// neutral. Professional dissent is a worry (agencies disagreeing); a core group meeting is protective work.
export const PROTECTION_DESCRIBERS: Record<string, Describer> = {
  StrategyDiscussionHeld: describer<StrategyDiscussionHeldData>('concern', ['triggerId'], (d) => {
    const decision = words(d.decision, STRATEGY_OUTCOME_WORDS);
    return {
      summary: sentences(
        'A strategy discussion was held (a meeting of social care, police and health when a child may be at risk of significant harm)',
        participantKinds(d.participants) && `Taking part: ${participantKinds(d.participants)}`,
        decision && `They decided to ${decision}`,
        labelled('Actions', clip(d.actions)),
      ),
      action: column(d.actions),
      outcome: capitalised(decision),
    };
  }),
  Section47Started: describer<Section47StartedData>('concern', ['strategyDiscussionId'], () => ({
    summary: sentences(`${capitalised(SECTION_47)} was started`),
  })),
  Section47Concluded: describer<Section47ConcludedData>('concern', ['section47Id'], (d) => ({
    summary: sentences(withText('The section 47 enquiry (child protection enquiry) was completed', words(d.outcome, SECTION_47_OUTCOME_WORDS))),
    significance: d.outcome === 'concerns-not-substantiated' ? 'neutral' : 'concern',
    outcome: capitalised(words(d.outcome, SECTION_47_OUTCOME_WORDS)),
  })),
  ConferenceHeld: describer<ConferenceHeldData>('neutral', [], (d) => {
    const decision = words(d.decision, CONFERENCE_DECISION_WORDS);
    const categories = list(d.categories, CONCERN_CATEGORY_WORDS);
    const reports = participantKinds(d.reportsReceived);
    return {
      summary: sentences(
        `${words(d.kind, CONFERENCE_KIND_WORDS) ?? 'A child protection conference'} was held (a meeting of the family and professionals about the child's safety)`,
        participantKinds(d.attending) && `Attending: ${participantKinds(d.attending)}`,
        absent(d.invited, d.attending) && `Invited but not attending: ${absent(d.invited, d.attending)}`,
        reports && `Reports were received from ${reports}`,
        decision && `The conference decided that ${decision}${categories ? `, under the category of ${categories}` : ''}`,
        date(d.nextReviewDue) && `Next review due by ${date(d.nextReviewDue)}`,
      ),
      significance: typeof d.decision === 'string' ? CONFERENCE_SIGNIFICANCE[d.decision] : undefined,
      action: date(d.nextReviewDue) && `Next review due by ${date(d.nextReviewDue)}`,
      outcome: decision && capitalised(`${decision}${categories ? ` (${categories})` : ''}`),
    };
  }),
  ProfessionalDissentRecorded: describer<ProfessionalDissentRecordedData>('concern', ['conferenceId'], (d) => ({
    summary: sentences(
      withText(`A formal disagreement with the conference decision (professional dissent) was recorded${agency(d.agency) ? ` by ${agency(d.agency)}` : ''}`, clip(d.grounds)),
    ),
  })),
  CoreGroupHeld: describer<CoreGroupHeldData>('protective', ['planId'], (d) => {
    const childSeen = flag(d.childSeen);
    return {
      summary: sentences(
        'A core group meeting was held (the family and the professionals who carry out the child protection plan)',
        participantKinds(d.attending) && `Attending: ${participantKinds(d.attending)}`,
        childSeen === true && 'The child was seen',
        childSeen === false && 'The child was not seen',
      ),
    };
  }),
};
