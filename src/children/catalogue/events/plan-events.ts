import { DateField, EnumField, EnumListField, EventRefField, IdentifierField, IntegerField, TextField } from '../fields';
import { CONCERN_CATEGORIES, PLAN_TYPES } from '../vocabularies';

export class PlanStartedData {
  @EnumField(PLAN_TYPES) planType!: (typeof PLAN_TYPES)[number];
  @EnumListField(CONCERN_CATEGORIES, { optional: true }) categories?: Array<(typeof CONCERN_CATEGORIES)[number]>;
  @IntegerField({ optional: true, min: 1, max: 365, description: 'statutory visits at least every N working days' }) visitFrequencyWorkingDays?: number;
  @EnumListField(['school', 'health', 'police', 'social-care', 'early-help', 'housing', 'probation', 'other'], { optional: true })
  coreGroupAgencyKinds?: string[];
  @EventRefField({ optional: true, description: 'the conference or decision that started it' }) decisionId?: string;
}

export class PlanReviewedData {
  @EventRefField() planId!: string;
  @TextField({ max: 5000 }) summary!: string;
  @DateField({ optional: true }) nextReviewDue?: string;
}

export class PlanChangedData {
  @EventRefField() planId!: string;
  @TextField({ max: 5000 }) change!: string;
  @IntegerField({ optional: true, min: 1, max: 365 }) visitFrequencyWorkingDays?: number;
}

export class PlanEndedData {
  @EventRefField({ optional: true, description: 'the plan ended; absent is kept and becomes a data-quality finding' }) planId?: string;
  @EnumField(PLAN_TYPES) planType!: (typeof PLAN_TYPES)[number];
  @TextField({ max: 2000 }) endReason!: string;
  @EnumField([...PLAN_TYPES, 'universal-services', 'none'], { optional: true }) steppedDownTo?: string;
}

export class ManagementOversightRecordedData {
  @TextField({ max: 5000 }) decision!: string;
  @DateField({ optional: true }) nextReview?: string;
  @IdentifierField() manager!: string;
}

export class CaseClosedData {
  @TextField({ max: 2000 }) reason!: string;
  @TextField({ optional: true, max: 5000 }) childView?: string;
  @EnumListField(['school', 'health', 'police', 'social-care', 'early-help', 'housing', 'probation', 'other'], { optional: true })
  agenciesConsulted?: string[];
}

export class CaseReopenedData {
  @TextField({ max: 2000 }) reason!: string;
}

export class CaseTransferredData {
  @IdentifierField() toAgency!: string;
  @TextField({ max: 2000 }) reason!: string;
}
