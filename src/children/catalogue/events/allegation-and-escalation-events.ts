import { EnumField, EventRefField, IdentifierField, IntegerField, TextField } from '../fields';
import { ALLEGATION_SUBJECTS, CONCERN_CATEGORIES, ESCALATION_OUTCOMES } from '../vocabularies';

export class AllegationMadeData {
  @EnumField(ALLEGATION_SUBJECTS) about!: (typeof ALLEGATION_SUBJECTS)[number];
  @EnumField(CONCERN_CATEGORIES) abuseType!: (typeof CONCERN_CATEGORIES)[number];
  @TextField({ max: 200 }) disclosedTo!: string;
  @TextField({ optional: true }) description?: string;
}

export class LadoReferralMadeData {
  @EventRefField() allegationId!: string;
}

export class DisagreementRaisedData {
  @TextField({ max: 2000 }) subject!: string;
  @IdentifierField() withAgency!: string;
  @EventRefField({ optional: true, description: 'the decision disagreed with' }) decisionId?: string;
}

export class EscalationRaisedData {
  @EventRefField({ optional: true }) disagreementId?: string;
  @TextField({ max: 2000 }) subject!: string;
  @IdentifierField() withAgency!: string;
  @IntegerField({ min: 1, max: 5, description: 'the step of the resolving-professional-differences protocol' }) step!: number;
}

export class EscalationStepAdvancedData {
  @EventRefField() escalationId!: string;
  @IntegerField({ min: 1, max: 5 }) step!: number;
  @TextField({ max: 2000 }) note!: string;
}

export class EscalationResolvedData {
  @EventRefField() escalationId!: string;
  @EnumField(ESCALATION_OUTCOMES) outcome!: (typeof ESCALATION_OUTCOMES)[number];
  @TextField({ max: 2000 }) note!: string;
}
