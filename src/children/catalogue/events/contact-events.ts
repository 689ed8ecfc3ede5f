import { BooleanField, EnumField, EventRefField, TextField } from '../fields';
import { VOICE_METHODS } from '../vocabularies';

export class VisitCompletedData {
  @BooleanField() statutory!: boolean;
  @BooleanField() childSeen!: boolean;
  @BooleanField() childSeenAlone!: boolean;
  @TextField({ optional: true, max: 2000 }) notSeenAloneReason?: string;
  @EventRefField({ optional: true }) planId?: string;
}

export class VisitNoAccessData {
  @BooleanField() statutory!: boolean;
  @TextField({ optional: true, max: 2000 }) note?: string;
}

export class ChildVoiceRecordedData {
  @EnumField(VOICE_METHODS) method!: (typeof VOICE_METHODS)[number];
  @TextField() content!: string;
  @EventRefField({ optional: true, description: 'the assessment, conference or visit it belongs to' }) contextId?: string;
}

export class AppointmentMissedData {
  @TextField({ max: 200 }) service!: string;
  @TextField({ max: 200 }) appointmentKind!: string;
  @BooleanField({ description: 'the child was not brought (rather than did not attend)' }) wasNotBrought!: boolean;
  @TextField({ max: 2000 }) followUp!: string;
}
