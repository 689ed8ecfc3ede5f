import { BooleanField, EnumField, EnumListField, EventRefField, EventRefListField, IdentifierField, TextField } from '../fields';
import { CONCERN_CATEGORIES, LAWFUL_BASES, NOTIFICATION_CHANNELS, REFERRAL_DECISIONS, REFERRAL_ROUTES } from '../vocabularies';

export class ConcernRaisedData {
  @EnumListField(CONCERN_CATEGORIES) categories!: Array<(typeof CONCERN_CATEGORIES)[number]>;
  @TextField() description!: string;
  @TextField({ max: 5000 }) immediateAction!: string;
  @BooleanField() referred!: boolean;
}

export class ReferralMadeData {
  @IdentifierField() fromAgency!: string;
  @IdentifierField() toAgency!: string;
  @EnumField(REFERRAL_ROUTES) route!: (typeof REFERRAL_ROUTES)[number];
  @EventRefListField({ optional: true }) concernIds?: string[];
  @BooleanField() familyInformed!: boolean;
  @TextField({ optional: true, max: 2000, description: 'required in practice when the family was not informed' }) familyNotInformedReason?: string;
}

export class ReferralDecisionMadeData {
  @EventRefField({ description: 'the referral decided' }) referralId!: string;
  @EnumField(REFERRAL_DECISIONS) decision!: (typeof REFERRAL_DECISIONS)[number];
  @TextField({ max: 5000 }) rationale!: string;
  @IdentifierField() decidedBy!: string;
}

export class ReferrerNotifiedData {
  @EventRefField({ description: 'the decision reported' }) decisionId!: string;
  @EnumField(NOTIFICATION_CHANNELS) channel!: (typeof NOTIFICATION_CHANNELS)[number];
}

export class InformationSharedData {
  @IdentifierField() recipientAgency!: string;
  @TextField({ max: 2000 }) purpose!: string;
  @EnumField(LAWFUL_BASES) lawfulBasis!: (typeof LAWFUL_BASES)[number];
  @BooleanField() withConsent!: boolean;
  @TextField({ optional: true, max: 2000 }) withoutConsentReason?: string;
}
