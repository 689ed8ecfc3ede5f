import type {
  ChildBornData, ChildRegisteredData, ChronologyUpdatedData, CPFileTransferredData, DuplicateRecordsLinkedData, HistoricalNoteImportedData,
  HouseholdChangedData, RecordCorrectedData, SchoolChangedData, SensitivityChangedData,
} from '../../children/catalogue/events/child-record-events';
import { agency, clip, date, describer, flag, list, sentences, withText, words, type Describer } from './event-descriptions-wording';

const SENSITIVITY_WORDS: Readonly<Record<string, string>> = {
  normal: "normal (readable by everyone allowed to see the child's record)",
  restricted: 'restricted (readable by fewer people)',
  sealed: 'sealed (hidden from almost everyone, for example while the police investigate)',
};

/** Field names that readers know by another name (identifier values themselves are never shown). */
const FIELD_WORDS: Readonly<Record<string, string>> = { nhsNumber: 'NHS number', localIds: 'local identifiers' };

const fieldName = (path: unknown): string | null =>
  typeof path !== 'string' ? null : path.split('.').filter((part) => !/^\d+$/.test(part)).map((part) => FIELD_WORDS[part] ?? part.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()).join(' ');

// The child's record itself: registration, identity, where the child lives and learns, and record keeping.
// Neutral: none of it says anything about risk or protection, except sending a child protection file to
// the child's new school, which is protective (the new school knows the child's history from day one).
export const RECORD_DESCRIBERS: Record<string, Describer> = {
  ChildRegistered: describer<ChildRegisteredData>('neutral', [], (d) => ({
    // Identifiers (NHS number, local ids, household) are deliberately left out of the summary.
    summary: sentences(
      'Record opened for the child',
      date(d.dateOfBirth) && `Date of birth: ${date(d.dateOfBirth)}`,
      date(d.expectedDeliveryDate) && `The child was not yet born; expected due date: ${date(d.expectedDeliveryDate)}`,
    ),
  })),
  ChildBorn: describer<ChildBornData>('neutral', [], (d) => ({
    summary: sentences(date(d.dateOfBirth) ? `The child was born on ${date(d.dateOfBirth)}` : 'The child was born'),
  })),
  DuplicateRecordsLinked: describer<DuplicateRecordsLinkedData>('neutral', [], (d) => ({
    summary: sentences(withText('This record was linked to another record of the same child, so both histories are read together', clip(d.reason))),
  })),
  HouseholdChanged: describer<HouseholdChangedData>('neutral', [], () => ({ summary: 'The child moved to a different household.' })),
  SchoolChanged: describer<SchoolChangedData>('neutral', [], (d) => ({
    summary: sentences(
      `The child moved school${agency(d.fromSetting) ? ` from ${agency(d.fromSetting)}` : ''}${agency(d.toSetting) ? ` to ${agency(d.toSetting)}` : ''}`,
      date(d.startDate) && `Start date: ${date(d.startDate)}`,
    ),
  })),
  CPFileTransferred: describer<CPFileTransferredData>('protective', [], (d) => ({
    summary: sentences(
      `The child protection file was sent${agency(d.fromSetting) ? ` from ${agency(d.fromSetting)}` : ''}${agency(d.toSetting) ? ` to ${agency(d.toSetting)}` : ''}${date(d.sentAt) ? ` on ${date(d.sentAt)}` : ''}`,
      date(d.receiptConfirmedAt) ? `Receipt was confirmed on ${date(d.receiptConfirmedAt)}` : 'Receipt was not yet confirmed',
    ),
    action: agency(d.toSetting) && `File sent to ${agency(d.toSetting)}`,
    outcome: date(d.receiptConfirmedAt) && `Receipt confirmed ${date(d.receiptConfirmedAt)}`,
  })),
  ChronologyUpdated: describer<ChronologyUpdatedData>('neutral', [], (d) => ({
    summary: sentences(
      `The child's chronology (the list of significant events in the child's life) was brought up to date${date(d.periodFrom) && date(d.periodTo) ? ` for ${date(d.periodFrom)} to ${date(d.periodTo)}` : ''}`,
    ),
  })),
  RecordCorrected: describer<RecordCorrectedData>('neutral', ['correctedEventId'], (d) => {
    // Only the names of the corrected fields: a corrected value may be an identifier.
    const fields = list(Array.isArray(d.fields) ? d.fields.map((field) => fieldName((field as { path?: unknown } | null)?.path)) : null);
    return {
      summary: sentences(`An earlier record was corrected${fields ? ` (${fields})` : ''}`, clip(d.reason) && `Reason: ${clip(d.reason)}`),
      action: fields && `Corrected: ${fields}`,
    };
  }),
  SensitivityChanged: describer<SensitivityChangedData>('neutral', ['eventId'], (d) => ({
    summary: sentences(
      words(d.sensitivity, SENSITIVITY_WORDS) ? `Who may read an earlier record was changed to ${words(d.sensitivity, SENSITIVITY_WORDS)}` : 'Who may read an earlier record was changed',
      clip(d.reason) && `Reason: ${clip(d.reason)}`,
    ),
    outcome: words(d.sensitivity) && `Now ${words(d.sensitivity)}`,
  })),
  HistoricalNoteImported: describer<HistoricalNoteImportedData>('neutral', [], (d) => {
    const when = date(d.date) && (flag(d.dateApproximate) ? `around ${date(d.date)}` : `dated ${date(d.date)}`);
    const about = [clip(d.category, 200), when].filter(Boolean).join(', ');
    // The source reference (a file and row of the agency's old system) is left out: it means nothing to a reader.
    return {
      summary: sentences(withText(`Earlier note${agency(d.agency) ? ` from ${agency(d.agency)}` : ''}${about ? ` (${about})` : ''}, copied from its previous records`, clip(d.text))),
    };
  }),
};
