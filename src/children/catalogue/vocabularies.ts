/**
 * The controlled vocabularies of the event catalogue (DOMAIN.md). Kebab-case values on the wire.
 * Adding a value is a compatible change; renaming or removing one needs a new schema version.
 */
export const CONCERN_CATEGORIES = ['neglect', 'physical', 'sexual', 'emotional', 'domestic-abuse', 'exploitation', 'other'] as const;
export const AGENCY_KINDS = ['school', 'health', 'police', 'social-care', 'early-help', 'housing', 'probation', 'other'] as const;
export const REFERRAL_ROUTES = ['front-door', 'mash', 'direct'] as const;
export const REFERRAL_DECISIONS = [
  'no-further-action', 'signpost', 'early-help', 'child-in-need-assessment', 'strategy-discussion', 'immediate-protection',
] as const;
export const NOTIFICATION_CHANNELS = ['phone', 'email', 'letter', 'in-person', 'secure-message', 'system'] as const;
/** What consent is asked for. Section 47 and strategy discussions are listed because asking is itself a finding (R24). */
export const CONSENT_SCOPES = [
  'early-help', 'child-in-need-assessment', 'information-sharing', 'medical-examination', 'interview', 'section-47-enquiry', 'strategy-discussion',
] as const;
export const CONSENT_GIVERS = ['parent-with-parental-responsibility', 'competent-child', 'court'] as const;
export const LAWFUL_BASES = ['consent', 'public-task', 'vital-interests', 'legal-obligation', 'safeguarding-without-consent'] as const;
export const ASSESSMENT_KINDS = ['early-help', 'child-and-family', 'section-47', 'specialist', 'neglect-tool'] as const;
export const STRATEGY_OUTCOMES = ['section-47', 'no-section-47'] as const;
export const SECTION_47_OUTCOMES = ['concerns-substantiated-conference', 'concerns-substantiated-no-conference', 'concerns-not-substantiated'] as const;
export const CONFERENCE_KINDS = ['initial', 'review', 'transfer-in', 'pre-birth'] as const;
export const CONFERENCE_DECISIONS = ['child-protection-plan', 'no-plan', 'plan-continues', 'plan-ends'] as const;
export const PLAN_TYPES = ['early-help', 'child-in-need', 'child-protection', 'looked-after'] as const;
export const VOICE_METHODS = ['words', 'drawing', 'observation', 'advocate'] as const;
export const ALLEGATION_SUBJECTS = ['parent-carer', 'household-member', 'works-with-children', 'peer', 'other'] as const;
export const ESCALATION_OUTCOMES = ['resolved-agreed', 'resolved-decision-upheld', 'resolved-decision-changed', 'withdrawn'] as const;
export const SENSITIVITIES = ['normal', 'restricted', 'sealed'] as const;
export const NEGLECT_GRADES = [1, 2, 3, 4, 5] as const;
