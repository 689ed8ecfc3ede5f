import { TransformationType } from 'class-transformer';
import { defaultMetadataStorage as transformerStorage } from 'class-transformer/cjs/storage.js';
import { getMetadataStorage, ValidationTypes, type ValidationArguments } from 'class-validator';

/*
 * class-validator names every problem of a request precisely, but it is slow for what most requests
 * need: the answer "nothing is wrong". plainToInstance and validateSync cost about 40 µs of the
 * ~100 µs an import spends checking one line (docs/benchmarks.md), mostly in building instances,
 * error objects and looking rules up; the rules themselves are cheap.
 *
 * So a class's class-validator rules are compiled, once, into a plain check of a parsed JSON value.
 * It calls the very same constraint functions class-validator calls, and answers `true` only when
 * class-validator, run with whitelist, forbidNonWhitelisted and forbidUnknownValues on
 * plainToInstance(type, value), would find no problem. Anything it does not model (async rules,
 * ValidateIf, Set or Map values, nested values without a @Type) gives `false`, and so does any
 * problem: the caller then asks class-validator, which names the problems. A `false` never changes
 * an answer; a `true` is only given where class-validator would have said the same
 * (src/common/validation/quick-acceptance.spec.ts checks this over random values) (ADR 0024).
 */

type Constructor = new () => object;
type Check = (object: Record<string, unknown>) => boolean;
type Rule = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];

const NEVER: Check = () => false;
/** Compiled checks by class, then by the schema name class-validator looks the class's rules up with. */
const compiled = new WeakMap<Constructor, Map<string | undefined, Check>>();

/**
 * True when `value` is certainly valid for `type` under class-validator's rules (see above); false
 * when it is not, or when this check cannot tell: then ask class-validator.
 */
export function certainlyValid(type: Constructor, value: unknown): boolean {
  return isPlainObject(value) && checkFor(type, undefined)(value);
}

/** The compiled check of `type`, validated under `schema` (class-validator passes the parent's name for nested objects). */
function checkFor(type: Constructor, schema: string | undefined): Check {
  let bySchema = compiled.get(type);
  if (!bySchema) compiled.set(type, (bySchema = new Map()));
  let check = bySchema.get(schema);
  if (!check) {
    bySchema.set(schema, NEVER); // while compiling: a class nested in itself is not followed (not sure)
    bySchema.set(schema, (check = compileClass(type, schema)));
  }
  return check;
}

function compileClass(type: Constructor, schema: string | undefined): Check {
  const storage = getMetadataStorage();
  const rules = storage.getTargetValidationMetadatas(type, schema as string, false, false, undefined);
  if (rules.length === 0) return NEVER; // forbidUnknownValues: a class without rules is refused
  if (transformerStorage.getStrategy(type) !== 'none') return NEVER; // @Expose/@Exclude change which keys an instance gets
  const byProperty = storage.groupByPropertyName(rules);
  const known = new Set(Object.keys(byProperty).filter((property) => byProperty[property].length > 0));
  const properties = Object.entries(byProperty).map(([property, propertyRules]) => compileProperty(type, property, propertyRules));
  return (object) => {
    for (const key of Object.keys(object)) if (!known.has(key)) return false; // whitelist, forbidNonWhitelisted
    for (const property of properties) if (!property(object)) return false;
    return true;
  };
}

function compileProperty(type: Constructor, property: string, rules: Rule[]): Check {
  const defined = rules.filter((rule) => rule.type === ValidationTypes.IS_DEFINED);
  const others = rules.filter((rule) => rule.type !== ValidationTypes.IS_DEFINED && rule.type !== ValidationTypes.WHITELIST);
  const conditions = others.filter((rule) => rule.type === ValidationTypes.CONDITIONAL_VALIDATION);
  const custom = others.filter((rule) => rule.type === ValidationTypes.CUSTOM_VALIDATION);
  const nested = others.filter((rule) => rule.type === ValidationTypes.NESTED_VALIDATION);
  if (conditions.length + custom.length + nested.length !== others.length) return NEVER; // promise validation, or a type added later
  if (conditions.some((rule) => rule.name !== 'isOptional')) return NEVER; // ValidateIf would see an instance, not this value
  // plainToInstance changes a value only through @Transform, or @Type (followed below for nested objects only).
  if (transformerStorage.findTransformMetadatas(type, property, TransformationType.PLAIN_TO_CLASS).length > 0) return NEVER;
  if (transformerStorage.findTypeMetadata(type, property) && nested.length === 0) return NEVER;
  const optional = conditions.length > 0;
  const checkDefined = compileConstraints(type, defined);
  const checkCustom = compileConstraints(type, custom);
  const checkNested = nested.length ? compileNested(type, property) : undefined;
  return (object) => {
    const value = object[property];
    if (optional && (value === null || value === undefined)) return true; // IsOptional skips every other rule
    return checkDefined(value, object) && checkCustom(value, object) && (!checkNested || checkNested(value));
  };
}

/** The property's constraint functions, called as class-validator calls them (`each` over arrays). */
function compileConstraints(type: Constructor, rules: Rule[]): (value: unknown, object: object) => boolean {
  const storage = getMetadataStorage();
  const calls = rules.map((rule) => ({ rule, constraints: storage.getTargetValidatorConstraints(rule.constraintCls) }));
  if (calls.some(({ rule, constraints }) => rule.validateIf || constraints.length === 0 || constraints.some((constraint) => constraint.async))) {
    return () => false;
  }
  return (value, object) => {
    for (const { rule, constraints } of calls) {
      const args: ValidationArguments = { targetName: type.name, property: rule.propertyName, object, value, constraints: rule.constraints };
      const values = rule.each && Array.isArray(value) ? value : [value];
      if (rule.each && (value instanceof Set || value instanceof Map)) return false;
      for (const constraint of constraints) {
        for (const each of values) {
          const valid: unknown = constraint.instance.validate(each, args);
          if (!valid || valid instanceof Promise) return false;
        }
      }
    }
    return true;
  };
}

/**
 * ValidateNested: undefined passes; an object, or each object of an array, must pass the check of
 * the class its @Type names (the class plainToInstance would have made). Anything else is refused.
 */
function compileNested(type: Constructor, property: string): (value: unknown) => boolean {
  const typeRule = transformerStorage.findTypeMetadata(type, property);
  let nestedType: unknown;
  try {
    nestedType = typeRule && !typeRule.options?.discriminator ? typeRule.typeFunction() : undefined;
  } catch {
    nestedType = undefined; // a @Type that needs the object being built: not modelled
  }
  if (typeof nestedType !== 'function') return () => false;
  const one = (value: unknown) => isPlainObject(value) && checkFor(nestedType as Constructor, type.name)(value);
  return (value) => value === undefined || (Array.isArray(value) ? value.every(one) : one(value));
}

/** What JSON.parse makes: anything else (a class instance, a Date, a Map) is left to class-validator. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.getPrototypeOf(value) === Object.prototype;
}
