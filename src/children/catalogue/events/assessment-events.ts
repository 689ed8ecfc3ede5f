import { ApiProperty } from '@nestjs/swagger';
import { registerDecorator } from 'class-validator';
import { BooleanField, EnumField, EventRefField, IdentifierField, TextField } from '../fields';
import { ASSESSMENT_KINDS } from '../vocabularies';

const AREA = /^[a-z][a-z0-9-]{0,59}$/;

/** Up to 20 areas (kebab-case names), each graded 1 (good) to 5 (severe neglect). */
function isGradesByArea(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return entries.length >= 1 && entries.length <= 20 && entries.every(([area, grade]) => AREA.test(area) && Number.isInteger(grade) && grade >= 1 && grade <= 5);
}

export class AssessmentStartedData {
  @EnumField(ASSESSMENT_KINDS) kind!: (typeof ASSESSMENT_KINDS)[number];
  @EventRefField({ optional: true, description: 'the referral or decision that led to it' }) triggerId?: string;
}

export class AssessmentCompletedData {
  @EventRefField({ description: 'the AssessmentStarted event' }) assessmentId!: string;
  @EnumField(ASSESSMENT_KINDS) kind!: (typeof ASSESSMENT_KINDS)[number];
  @TextField({ max: 5000 }) outcome!: string;
  @BooleanField() childSeen!: boolean;
}

export class AssessmentTimescaleExtendedData {
  @EventRefField() assessmentId!: string;
  @TextField({ max: 2000 }) reason!: string;
  @IdentifierField() agreedBy!: string;
}

export class NeglectToolCompletedData {
  @IdentifierField({ description: 'the tool, e.g. graded-care-profile-2' }) tool!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer', minimum: 1, maximum: 5 }, description: 'grade (1-5) by area' })
  @((target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isGradesByArea',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: { validate: isGradesByArea, defaultMessage: () => 'gradesByArea must map 1 to 20 kebab-case areas to grades 1 to 5' },
    }))
  gradesByArea!: Record<string, number>;
}
