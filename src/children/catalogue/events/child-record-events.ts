import { BooleanField, DateField, EnumField, EventRefField, IdentifierField, NestedField, NhsNumberField, TextField } from '../fields';
import { SENSITIVITIES } from '../vocabularies';

export class LocalIdentifier {
  @IdentifierField({ description: 'the agency that issued the id' }) agency!: string;
  @IdentifierField({ description: "the id in that agency's system" }) id!: string;
}

/** The child's stream starts here (revision 0): identifiers agencies already use, and a birth or due date. */
export class ChildRegisteredData {
  @NhsNumberField({ optional: true }) nhsNumber?: string;
  @NestedField(() => LocalIdentifier, { list: true, optional: true, max: 20 }) localIds?: LocalIdentifier[];
  @DateField({ optional: true }) dateOfBirth?: string;
  @DateField({ optional: true, description: 'for an unborn child (pre-birth work)' }) expectedDeliveryDate?: string;
  @IdentifierField({ optional: true }) householdId?: string;
}

export class ChildBornData {
  @DateField() dateOfBirth!: string;
  @NhsNumberField({ optional: true }) nhsNumber?: string;
}

/** Two records found to be the same child: linked, never merged by rewriting. */
export class DuplicateRecordsLinkedData {
  @IdentifierField({ description: 'the other child id' }) otherChildId!: string;
  @TextField({ max: 2000 }) reason!: string;
  @IdentifierField({ description: 'the administrator who linked them' }) linkedBy!: string;
}

export class HouseholdChangedData {
  @IdentifierField({ description: 'the household the child now lives in; siblings share one' }) householdId!: string;
}

export class SchoolChangedData {
  @IdentifierField() fromSetting!: string;
  @IdentifierField() toSetting!: string;
  @DateField() startDate!: string;
}

export class CPFileTransferredData {
  @IdentifierField() fromSetting!: string;
  @IdentifierField() toSetting!: string;
  @DateField() sentAt!: string;
  @DateField({ optional: true }) receiptConfirmedAt?: string;
}

/** A practitioner brought the child's chronology up to date. */
export class ChronologyUpdatedData {
  @DateField() periodFrom!: string;
  @DateField() periodTo!: string;
  @IdentifierField() reviewedBy!: string;
}

export class CorrectedField {
  @IdentifierField({ description: 'dotted path of the field in the original event data' }) path!: string;
  @TextField({ max: 20_000, description: 'the corrected value, as JSON text' }) value!: string;
}

/** Fixes a mistake: points at the original, carries the corrected fields and why. Nothing is overwritten. */
export class RecordCorrectedData {
  @EventRefField() correctedEventId!: string;
  @NestedField(() => CorrectedField, { list: true, max: 50 }) fields!: CorrectedField[];
  @TextField({ max: 2000 }) reason!: string;
}

export class SensitivityChangedData {
  @EventRefField() eventId!: string;
  @EnumField(SENSITIVITIES) sensitivity!: (typeof SENSITIVITIES)[number];
  @TextField({ max: 2000 }) reason!: string;
}

/** One unstructured row of an agency's existing chronology (import only). */
export class HistoricalNoteImportedData {
  @DateField() date!: string;
  @IdentifierField() agency!: string;
  @TextField({ optional: true, max: 200 }) category?: string;
  @TextField() text!: string;
  @TextField({ max: 500 }) sourceReference!: string;
  @BooleanField({ optional: true }) dateApproximate?: boolean;
}
