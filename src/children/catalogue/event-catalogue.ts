import { AssessmentCompletedData, AssessmentStartedData, AssessmentTimescaleExtendedData, NeglectToolCompletedData } from './events/assessment-events';
import {
  AllegationMadeData, DisagreementRaisedData, EscalationRaisedData, EscalationResolvedData, EscalationStepAdvancedData, LadoReferralMadeData,
} from './events/allegation-and-escalation-events';
import {
  ChildBornData, ChildRegisteredData, ChronologyUpdatedData, CPFileTransferredData, DuplicateRecordsLinkedData, HistoricalNoteImportedData,
  HouseholdChangedData, RecordCorrectedData, SchoolChangedData, SensitivityChangedData,
} from './events/child-record-events';
import {
  ConferenceHeldData, CoreGroupHeldData, ProfessionalDissentRecordedData, Section47ConcludedData, Section47StartedData, StrategyDiscussionHeldData,
} from './events/child-protection-events';
import { ConcernRaisedData, InformationSharedData, ReferralDecisionMadeData, ReferralMadeData, ReferrerNotifiedData } from './events/concern-and-referral-events';
import { ConsentData } from './events/consent-events';
import { AppointmentMissedData, ChildVoiceRecordedData, VisitCompletedData, VisitNoAccessData } from './events/contact-events';
import {
  CaseClosedData, CaseReopenedData, CaseTransferredData, ManagementOversightRecordedData, PlanChangedData, PlanEndedData, PlanReviewedData,
  PlanStartedData,
} from './events/plan-events';
import { EVENT_EXAMPLES } from './event-examples';

/**
 * Who may write an event type: `live` through intake, `registration` only by POST /v1/children,
 * `admin` only by an administrator, `import` only through the historical import.
 * (RecordAccessed and RecordExported are written by the service into the access log, never into a
 * child's stream, so they are not in this catalogue.)
 */
export type EventIntake = 'live' | 'registration' | 'admin' | 'import';

export interface EventDefinition {
  type: string;
  schemaVersion: 1;
  data: new () => object;
  intake: EventIntake;
  /** A valid `data`, shown in the OpenAPI description and used by the tests. */
  example: Record<string, unknown>;
}

const DEFINITIONS: Array<[string, new () => object, EventIntake]> = [
  ['ChildRegistered', ChildRegisteredData, 'registration'],
  ['ChildBorn', ChildBornData, 'live'],
  ['DuplicateRecordsLinked', DuplicateRecordsLinkedData, 'admin'],
  ['HouseholdChanged', HouseholdChangedData, 'live'],
  ['ConcernRaised', ConcernRaisedData, 'live'],
  ['ReferralMade', ReferralMadeData, 'live'],
  ['ReferralDecisionMade', ReferralDecisionMadeData, 'live'],
  ['ReferrerNotified', ReferrerNotifiedData, 'live'],
  ['ConsentSought', ConsentData, 'live'],
  ['ConsentGiven', ConsentData, 'live'],
  ['ConsentRefused', ConsentData, 'live'],
  ['ConsentWithdrawn', ConsentData, 'live'],
  ['InformationShared', InformationSharedData, 'live'],
  ['AssessmentStarted', AssessmentStartedData, 'live'],
  ['AssessmentCompleted', AssessmentCompletedData, 'live'],
  ['AssessmentTimescaleExtended', AssessmentTimescaleExtendedData, 'live'],
  ['StrategyDiscussionHeld', StrategyDiscussionHeldData, 'live'],
  ['Section47Started', Section47StartedData, 'live'],
  ['Section47Concluded', Section47ConcludedData, 'live'],
  ['ConferenceHeld', ConferenceHeldData, 'live'],
  ['ProfessionalDissentRecorded', ProfessionalDissentRecordedData, 'live'],
  ['PlanStarted', PlanStartedData, 'live'],
  ['PlanReviewed', PlanReviewedData, 'live'],
  ['PlanChanged', PlanChangedData, 'live'],
  ['PlanEnded', PlanEndedData, 'live'],
  ['CoreGroupHeld', CoreGroupHeldData, 'live'],
  ['VisitCompleted', VisitCompletedData, 'live'],
  ['VisitNoAccess', VisitNoAccessData, 'live'],
  ['ChildVoiceRecorded', ChildVoiceRecordedData, 'live'],
  ['AppointmentMissed', AppointmentMissedData, 'live'],
  ['AllegationMade', AllegationMadeData, 'live'],
  ['LadoReferralMade', LadoReferralMadeData, 'live'],
  ['DisagreementRaised', DisagreementRaisedData, 'live'],
  ['EscalationRaised', EscalationRaisedData, 'live'],
  ['EscalationStepAdvanced', EscalationStepAdvancedData, 'live'],
  ['EscalationResolved', EscalationResolvedData, 'live'],
  ['ManagementOversightRecorded', ManagementOversightRecordedData, 'live'],
  ['NeglectToolCompleted', NeglectToolCompletedData, 'live'],
  ['ChronologyUpdated', ChronologyUpdatedData, 'live'],
  ['SchoolChanged', SchoolChangedData, 'live'],
  ['CPFileTransferred', CPFileTransferredData, 'live'],
  ['CaseClosed', CaseClosedData, 'live'],
  ['CaseReopened', CaseReopenedData, 'live'],
  ['CaseTransferred', CaseTransferredData, 'live'],
  ['RecordCorrected', RecordCorrectedData, 'live'],
  ['SensitivityChanged', SensitivityChangedData, 'live'],
  ['HistoricalNoteImported', HistoricalNoteImportedData, 'import'],
];

/** Every event type a child's stream may hold, by name: the one place each event is defined. */
export const EVENT_CATALOGUE: ReadonlyMap<string, EventDefinition> = new Map(
  DEFINITIONS.map(([type, data, intake]) => [type, { type, schemaVersion: 1, data, intake, example: EVENT_EXAMPLES[type] }]),
);
