import { ComplianceEventRecord, ComplianceFindingRecord, ComplianceHouseholdRecord } from '../compliance/findings/compliance.entity';
import { CaseStateRecord } from '../projections/case-state/case-state.entity';
import { ChildInvolvementRecord, ChildLinkRecord, ChronologyEntryRecord } from '../projections/chronology/chronology.entity';
import { ProjectionCheckpointRecord, ProjectionLeaseRecord, ProjectionSkipRecord } from '../projections/runner/projection-bookkeeping.entity';

/** Every TypeORM entity: the read models and the projection runner's bookkeeping. Their tables come from migrations, never `synchronize`. */
export const READ_MODEL_ENTITIES = [
  ProjectionCheckpointRecord, ProjectionLeaseRecord, ProjectionSkipRecord,
  ChronologyEntryRecord, ChildInvolvementRecord, ChildLinkRecord, CaseStateRecord,
  ComplianceEventRecord, ComplianceHouseholdRecord, ComplianceFindingRecord,
];
