import type {
  AllegationMadeData, DisagreementRaisedData, EscalationRaisedData, EscalationResolvedData, EscalationStepAdvancedData, LadoReferralMadeData,
} from '../../children/catalogue/events/allegation-and-escalation-events';
import { agency, capitalised, clip, CONCERN_CATEGORY_WORDS, count, describer, labelled, sentences, withText, words, type Describer } from './event-descriptions-wording';

const ABUSE_TYPE_WORDS: Readonly<Record<string, string>> = { ...CONCERN_CATEGORY_WORDS, other: 'other harm' };

const ALLEGATION_SUBJECT_WORDS: Readonly<Record<string, string>> = {
  'parent-carer': 'a parent or carer',
  'household-member': "a member of the child's household",
  'works-with-children': 'someone who works with children (paid or voluntary)',
  peer: 'another child or young person',
  other: 'someone else',
};

const ESCALATION_OUTCOME_WORDS: Readonly<Record<string, string>> = {
  'resolved-agreed': 'resolved by agreement',
  'resolved-decision-upheld': 'resolved: the original decision stands',
  'resolved-decision-changed': 'resolved: the decision was changed',
  withdrawn: 'withdrawn',
};

const PROTOCOL = 'the procedure for resolving professional differences';

const step = (value: unknown): string | null => (count(value) === null ? null : `step ${count(value)}`);

const withAgency = (value: unknown): string => (agency(value) ? ` with ${agency(value)}` : '');

// Allegations are worries; the LADO referral that must follow one about someone who works with children is the
// protective step. Disagreements and escalations are worries (professionals disagree about the child's safety)
// until resolved: a resolution is protective, a withdrawn escalation neutral.
export const ESCALATION_DESCRIBERS: Record<string, Describer> = {
  AllegationMade: describer<AllegationMadeData>('concern', [], (d) => ({
    summary: sentences(
      withText(
        `An allegation${words(d.abuseType, ABUSE_TYPE_WORDS) ? ` of ${words(d.abuseType, ABUSE_TYPE_WORDS)}` : ''} was made${words(d.about, ALLEGATION_SUBJECT_WORDS) ? ` about ${words(d.about, ALLEGATION_SUBJECT_WORDS)}` : ''}`,
        clip(d.description),
      ),
      labelled('First told to', clip(d.disclosedTo, 200)),
    ),
  })),
  LadoReferralMade: describer<LadoReferralMadeData>('protective', ['allegationId'], () => ({
    summary: 'The allegation was referred to the LADO (local authority designated officer, who oversees allegations about people who work with children).',
    action: 'Referred to the LADO',
  })),
  DisagreementRaised: describer<DisagreementRaisedData>('concern', ['decisionId'], (d, agencyId) => ({
    summary: sentences(withText(`A professional disagreement was raised by ${agencyId}${withAgency(d.withAgency)}`, clip(d.subject))),
  })),
  EscalationRaised: describer<EscalationRaisedData>('concern', ['disagreementId'], (d, agencyId) => ({
    summary: sentences(
      withText(`A professional disagreement was escalated by ${agencyId}${withAgency(d.withAgency)}${step(d.step) ? `, at ${step(d.step)} of ${PROTOCOL}` : ''}`, clip(d.subject)),
    ),
    action: step(d.step) && `Escalated at ${step(d.step)}`,
  })),
  EscalationStepAdvanced: describer<EscalationStepAdvancedData>('concern', ['escalationId'], (d) => ({
    summary: sentences(withText(`The escalation moved to ${step(d.step) ? `${step(d.step)} of ${PROTOCOL}` : `the next step of ${PROTOCOL}`}`, clip(d.note))),
    action: step(d.step) && `Moved to ${step(d.step)}`,
  })),
  EscalationResolved: describer<EscalationResolvedData>('protective', ['escalationId'], (d) => ({
    summary: sentences(`The escalation was ${words(d.outcome, ESCALATION_OUTCOME_WORDS) ?? 'closed'}`, clip(d.note)),
    significance: d.outcome === 'withdrawn' ? 'neutral' : 'protective',
    outcome: capitalised(words(d.outcome, ESCALATION_OUTCOME_WORDS)),
  })),
};
