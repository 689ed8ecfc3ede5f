import { BooleanField, EnumField, EnumListField, EventRefField, IdentifierField, NestedField, TextField, DateField } from '../fields';
import { AGENCY_KINDS, CONCERN_CATEGORIES, CONFERENCE_DECISIONS, CONFERENCE_KINDS, SECTION_47_OUTCOMES, STRATEGY_OUTCOMES } from '../vocabularies';

export class Participant {
  @IdentifierField() agency!: string;
  @EnumField(AGENCY_KINDS) agencyKind!: (typeof AGENCY_KINDS)[number];
  @TextField({ max: 200 }) role!: string;
}

export class StrategyDiscussionHeldData {
  @EventRefField({ optional: true, description: 'what triggered it (a referral decision, an allegation)' }) triggerId?: string;
  @NestedField(() => Participant, { list: true, max: 30 }) participants!: Participant[];
  @EnumField(STRATEGY_OUTCOMES) decision!: (typeof STRATEGY_OUTCOMES)[number];
  @TextField({ max: 5000 }) actions!: string;
}

export class Section47StartedData {
  @EventRefField({ optional: true, description: 'the strategy discussion; absent is itself a finding (R06)' }) strategyDiscussionId?: string;
}

export class Section47ConcludedData {
  @EventRefField() section47Id!: string;
  @EnumField(SECTION_47_OUTCOMES) outcome!: (typeof SECTION_47_OUTCOMES)[number];
}

export class ReportReceived {
  @IdentifierField() agency!: string;
  @EnumField(AGENCY_KINDS) agencyKind!: (typeof AGENCY_KINDS)[number];
}

export class ConferenceHeldData {
  @EnumField(CONFERENCE_KINDS) kind!: (typeof CONFERENCE_KINDS)[number];
  @NestedField(() => Participant, { list: true, max: 30 }) invited!: Participant[];
  @NestedField(() => Participant, { list: true, max: 30 }) attending!: Participant[];
  @NestedField(() => ReportReceived, { list: true, max: 30, optional: true }) reportsReceived?: ReportReceived[];
  @EnumField(CONFERENCE_DECISIONS) decision!: (typeof CONFERENCE_DECISIONS)[number];
  @EnumListField(CONCERN_CATEGORIES, { optional: true }) categories?: Array<(typeof CONCERN_CATEGORIES)[number]>;
  @DateField({ optional: true }) nextReviewDue?: string;
}

export class ProfessionalDissentRecordedData {
  @EventRefField() conferenceId!: string;
  @IdentifierField() agency!: string;
  @TextField({ max: 5000 }) grounds!: string;
}

export class CoreGroupHeldData {
  @EventRefField() planId!: string;
  @NestedField(() => Participant, { list: true, max: 30 }) attending!: Participant[];
  @BooleanField({ optional: true }) childSeen?: boolean;
}
