import { ApiProperty } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, IsUUID, MaxLength, ValidateBy } from 'class-validator';
import { EnumField, IdentifierField, NestedField, TextField } from '../catalogue/fields';
import { SENSITIVITIES } from '../catalogue/vocabularies';

export class AuthorRef {
  @IdentifierField({ description: "the practitioner's id in the agency's system" }) id!: string;
  @TextField({ optional: true, max: 200, description: 'e.g. designated safeguarding lead' }) role?: string;
}

export class SourceRef {
  @IdentifierField({ description: 'the sending system' }) system!: string;
  @TextField({ optional: true, max: 500, description: "the record's reference in that system" }) ref?: string;
}

const EXPECTED_KEYWORDS = ['any', 'no_stream', 'stream_exists'];

/** One event as an agency system posts it (API.md "One event"). The agency comes from the key, never from here. */
export class RecordEventRequest {
  @ApiProperty({ format: 'uuid', description: "the client's id for the event; sending it again is a safe retry" })
  @IsUUID('all')
  eventId!: string;

  @ApiProperty({ example: 'ConcernRaised', description: 'one of the catalogue types taken by live intake' })
  @IsString()
  @MaxLength(100)
  type!: string;

  @ApiProperty({ example: '2026-01-12', description: 'a date (YYYY-MM-DD, Europe/London) or a date-time with a time zone' })
  @IsString()
  @MaxLength(40)
  occurredAt!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: "the type's fields (see the schemas named <Type>Data)" })
  @IsObject()
  data!: Record<string, unknown>;

  @ApiProperty({ oneOf: [{ type: 'integer', minimum: 0 }, { enum: EXPECTED_KEYWORDS }], required: false, default: 'any' })
  @IsOptional()
  @ValidateBy({
    name: 'isExpectedRevision',
    validator: {
      validate: (value: unknown) => (typeof value === 'number' ? Number.isSafeInteger(value) && value >= 0 : EXPECTED_KEYWORDS.includes(value as string)),
      defaultMessage: () => 'expectedRevision must be a non-negative integer, "any", "no_stream" or "stream_exists"',
    },
  })
  expectedRevision?: number | 'any' | 'no_stream' | 'stream_exists';

  @NestedField(() => AuthorRef, { optional: true }) author?: AuthorRef;
  @NestedField(() => SourceRef, { optional: true }) source?: SourceRef;
  @EnumField(SENSITIVITIES, { optional: true }) sensitivity?: (typeof SENSITIVITIES)[number];

  @ApiProperty({ format: 'uuid', required: false, description: 'the event that caused this one' })
  @IsOptional()
  @IsUUID('all')
  causationId?: string;
}

