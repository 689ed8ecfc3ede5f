import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min,
  MinLength, ValidateNested, registerDecorator,
} from 'class-validator';
import { isValidNhsNumber } from './nhs-number';

/*
 * Field decorators that declare, once, both how a field is validated (class-validator) and how it
 * appears in the OpenAPI description (@nestjs/swagger). Every event's data class is built from them,
 * so the DTO, the OpenAPI schema and the stored shape cannot drift apart.
 */

interface FieldOptions {
  optional?: boolean;
  description?: string;
}

const optionality = (options: FieldOptions) => (options.optional ? [IsOptional()] : []);

/** Free text written by a practitioner: trimmed of nothing, at most `max` characters. */
export function TextField(options: FieldOptions & { max?: number } = {}) {
  const max = options.max ?? 20_000;
  return applyDecorators(
    ApiProperty({ type: String, required: !options.optional, maxLength: max, description: options.description }),
    ...optionality(options),
    IsString(),
    MinLength(1),
    MaxLength(max),
  );
}

/** An identifier chosen by an agency or a system (agency ids, staff ids, references). */
export function IdentifierField(options: FieldOptions = {}) {
  return applyDecorators(
    ApiProperty({ type: String, required: !options.optional, maxLength: 200, pattern: '^[A-Za-z0-9][A-Za-z0-9._:/-]*$', description: options.description }),
    ...optionality(options),
    IsString(),
    Matches(/^[A-Za-z0-9][A-Za-z0-9._:/-]*$/, { message: '$property must be letters, digits and . _ : / - only' }),
    MaxLength(200),
  );
}

/** The id of another event in the ledger (the client's UUID). */
export function EventRefField(options: FieldOptions = {}) {
  return applyDecorators(
    ApiProperty({ type: String, format: 'uuid', required: !options.optional, description: options.description }),
    ...optionality(options),
    IsUUID('all'),
  );
}

export function EventRefListField(options: FieldOptions = {}) {
  return applyDecorators(
    ApiProperty({ type: [String], format: 'uuid', required: !options.optional, description: options.description }),
    ...optionality(options),
    IsArray(),
    ArrayMaxSize(100),
    IsUUID('all', { each: true }),
  );
}

/** One value of a controlled vocabulary. */
export function EnumField(values: readonly string[], options: FieldOptions = {}) {
  return applyDecorators(
    ApiProperty({ enum: values, required: !options.optional, description: options.description }),
    ...optionality(options),
    IsIn(values as string[], { message: `$property must be one of: ${values.join(', ')}` }),
  );
}

/** Several values of a controlled vocabulary (at least one). */
export function EnumListField(values: readonly string[], options: FieldOptions = {}) {
  return applyDecorators(
    ApiProperty({ enum: values, isArray: true, required: !options.optional, description: options.description }),
    ...optionality(options),
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(values.length),
    IsIn(values as string[], { each: true, message: `each value of $property must be one of: ${values.join(', ')}` }),
  );
}

export function BooleanField(options: FieldOptions = {}) {
  return applyDecorators(ApiProperty({ type: Boolean, required: !options.optional, description: options.description }), ...optionality(options), IsBoolean());
}

export function IntegerField(options: FieldOptions & { min?: number; max?: number } = {}) {
  return applyDecorators(
    ApiProperty({ type: Number, required: !options.optional, minimum: options.min ?? 0, maximum: options.max ?? 1_000_000, description: options.description }),
    ...optionality(options),
    IsInt(),
    Min(options.min ?? 0),
    Max(options.max ?? 1_000_000),
  );
}

const CALENDAR_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** A calendar date (Europe/London), `YYYY-MM-DD`, that exists. */
export function DateField(options: FieldOptions = {}) {
  return applyDecorators(
    ApiProperty({ type: String, format: 'date', required: !options.optional, description: options.description }),
    ...optionality(options),
    IsCalendarDate(),
  );
}

export function isCalendarDate(value: unknown): boolean {
  if (typeof value !== 'string' || !CALENDAR_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function IsCalendarDate() {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: { validate: isCalendarDate, defaultMessage: () => `${String(propertyName)} must be a date written YYYY-MM-DD` },
    });
}

export function NhsNumberField(options: FieldOptions = {}) {
  return applyDecorators(
    ApiProperty({ type: String, pattern: '^\\d{10}$', required: !options.optional, description: '10 digits with a modulus-11 check digit', example: '9434765919' }),
    ...optionality(options),
    (target: object, propertyName: string | symbol) =>
      registerDecorator({
        name: 'isNhsNumber',
        target: target.constructor,
        propertyName: String(propertyName),
        validator: { validate: isValidNhsNumber, defaultMessage: () => `${String(propertyName)} must be a valid NHS number (10 digits, check digit)` },
      }),
  );
}

/** A nested object (or a list of them) validated with its own class. */
export function NestedField(type: () => new () => object, options: FieldOptions & { list?: boolean; max?: number } = {}) {
  return applyDecorators(
    ApiProperty({ type: type(), isArray: options.list, required: !options.optional, description: options.description }),
    ...optionality(options),
    ...(options.list ? [IsArray(), ArrayMaxSize(options.max ?? 100), IsObject({ each: true })] : [IsObject()]),
    ValidateNested({ each: options.list }),
    Type(type),
  );
}
