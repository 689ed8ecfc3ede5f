import type {
  ConcernRaisedData, InformationSharedData, ReferralDecisionMadeData, ReferralMadeData, ReferrerNotifiedData,
} from '../../children/catalogue/events/concern-and-referral-events';
import type { ConsentData } from '../../children/catalogue/events/consent-events';
import type { Significance } from './chronology-entry';
import {
  agency, capitalised, clip, column, CONCERN_CATEGORY_WORDS, describer, flag, labelled, list, sentences, withText, words, type Describer,
} from './event-descriptions-wording';

const ROUTE_WORDS: Readonly<Record<string, string>> = {
  'front-door': "through children's social care's front door (where new referrals are received)",
  mash: 'through the MASH (multi-agency safeguarding hub, where agencies look at new referrals together)',
  direct: 'directly',
};

const ROUTE_SHORT_WORDS: Readonly<Record<string, string>> = { 'front-door': 'via the front door', mash: 'via the MASH', direct: 'directly' };

const DECISION_WORDS: Readonly<Record<string, string>> = {
  'no-further-action': 'no further action',
  signpost: 'signposting (the family was pointed to services they can contact themselves)',
  'early-help': 'early help (support offered to the family with their agreement)',
  'child-in-need-assessment': 'a child in need assessment (an assessment of the help the child and family need)',
  'strategy-discussion': 'a strategy discussion (police, health and social care decide together whether to make child protection enquiries)',
  'immediate-protection': 'immediate action to keep the child safe',
};

const DECISION_SIGNIFICANCE: Readonly<Record<string, Significance>> = {
  'strategy-discussion': 'concern',
  'immediate-protection': 'concern',
  'early-help': 'protective',
  'child-in-need-assessment': 'protective',
};

const CHANNEL_WORDS: Readonly<Record<string, string>> = { 'secure-message': 'secure message', system: 'a message in the case system', 'in-person': 'in person' };

const CONSENT_SCOPE_WORDS: Readonly<Record<string, string>> = {
  'early-help': 'early help',
  'child-in-need-assessment': 'a child in need assessment',
  'information-sharing': 'sharing information with other agencies',
  'medical-examination': 'a medical examination',
  interview: 'an interview with the child',
  'section-47-enquiry': 'a section 47 enquiry (child protection enquiry)',
  'strategy-discussion': 'a strategy discussion',
};

/** Child protection steps that do not need a parent's consent (T13): said plainly, because asking is itself a finding (R24). */
const NO_CONSENT_NEEDED = new Set(['section-47-enquiry', 'strategy-discussion']);

const CONSENT_GIVER_WORDS: Readonly<Record<string, string>> = {
  'parent-with-parental-responsibility': 'a parent with parental responsibility',
  'competent-child': 'the child (old enough to decide for themselves)',
  court: 'the court',
};

const LAWFUL_BASIS_WORDS: Readonly<Record<string, string>> = {
  consent: 'consent',
  'public-task': "the agency's public duties",
  'vital-interests': 'the need to protect someone from serious harm',
  'legal-obligation': 'a legal duty',
  'safeguarding-without-consent': 'safeguarding (sharing to protect a child, allowed without consent)',
};

function consent(significance: Significance, verb: string) {
  return describer<ConsentData>(significance, [], (d) => {
    const scope = words(d.scope, CONSENT_SCOPE_WORDS);
    const who = words(d.who, CONSENT_GIVER_WORDS);
    return {
      summary: sentences(
        `Consent was ${verb}${scope ? ` for ${scope}` : ''}${who ? ` ${verb === 'sought' ? 'from' : 'by'} ${who}` : ''}`,
        typeof d.scope === 'string' && NO_CONSENT_NEEDED.has(d.scope) && 'Consent is not needed for this step when a child may be at risk of significant harm',
        labelled('Note', clip(d.note)),
      ),
      outcome: verb === 'sought' ? null : `Consent ${verb}`,
    };
  });
}

// Concerns and referrals show a worry (a referral says an agency is worried enough to ask social care to act);
// a decision's significance follows what was decided; consent refused or withdrawn is a worry (help declined,
// or a protective step stopped); consent given and information shared are protective; the rest is administration.
export const REFERRAL_DESCRIBERS: Record<string, Describer> = {
  ConcernRaised: describer<ConcernRaisedData>('concern', [], (d, agencyId) => {
    const categories = list(d.categories, CONCERN_CATEGORY_WORDS);
    const referred = flag(d.referred);
    return {
      summary: sentences(
        withText(`A concern${categories ? ` about ${categories}` : ''} was raised by ${agencyId}`, clip(d.description)),
        labelled('Immediate action', clip(d.immediateAction)),
        referred === null ? null : referred ? 'The concern was referred on' : 'The concern was not referred on',
      ),
      action: column(d.immediateAction),
      outcome: referred === null ? null : referred ? 'Referred on' : 'Not referred on',
    };
  }),
  ReferralMade: describer<ReferralMadeData>('concern', ['concernIds'], (d) => {
    const to = agency(d.toAgency);
    const route = words(d.route, ROUTE_WORDS);
    const informed = flag(d.familyInformed);
    return {
      summary: sentences(
        `A referral was made${agency(d.fromAgency) ? ` by ${agency(d.fromAgency)}` : ''}${to ? ` to ${to}` : ''}${route ? ` ${route}` : ''}`,
        informed === true && 'The family was told about the referral',
        informed === false && withText('The family was not told about the referral', clip(d.familyNotInformedReason)),
      ),
      action: to && [`Referred to ${to}`, words(d.route, ROUTE_SHORT_WORDS)].filter(Boolean).join(' '),
    };
  }),
  ReferralDecisionMade: describer<ReferralDecisionMadeData>('neutral', ['referralId'], (d) => ({
    summary: sentences(
      words(d.decision, DECISION_WORDS) ? `The referral was considered and the decision was ${words(d.decision, DECISION_WORDS)}` : 'The referral was considered and a decision made',
      labelled('Reason', clip(d.rationale)),
    ),
    significance: typeof d.decision === 'string' ? DECISION_SIGNIFICANCE[d.decision] : undefined,
    outcome: capitalised(words(d.decision)),
  })),
  ReferrerNotified: describer<ReferrerNotifiedData>('neutral', ['decisionId'], (d) => ({
    summary: sentences(`The person who made the referral was told the decision${words(d.channel, CHANNEL_WORDS) ? ` by ${words(d.channel, CHANNEL_WORDS)}` : ''}`),
    action: `Referrer told${words(d.channel, CHANNEL_WORDS) ? ` by ${words(d.channel, CHANNEL_WORDS)}` : ''}`,
  })),
  ConsentSought: consent('neutral', 'sought'),
  ConsentGiven: consent('protective', 'given'),
  ConsentRefused: consent('concern', 'refused'),
  ConsentWithdrawn: consent('concern', 'withdrawn'),
  InformationShared: describer<InformationSharedData>('protective', [], (d) => {
    const recipient = agency(d.recipientAgency);
    const withConsent = flag(d.withConsent);
    return {
      summary: sentences(
        withText(`Information was shared${recipient ? ` with ${recipient}` : ''}`, clip(d.purpose)),
        words(d.lawfulBasis, LAWFUL_BASIS_WORDS) && `Lawful basis: ${words(d.lawfulBasis, LAWFUL_BASIS_WORDS)}`,
        withConsent === true && 'It was shared with consent',
        withConsent === false && withText('It was shared without consent', clip(d.withoutConsentReason)),
      ),
      action: recipient && `Shared with ${recipient}`,
    };
  }),
};
