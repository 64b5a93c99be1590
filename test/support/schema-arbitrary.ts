import fc from 'fast-check';
import type { JsonSchema } from './openapi-validator.js';

/**
 * fast-check arbitraries from the JSON Schemas of an OpenAPI document: values that fit a schema
 * (`valid`), and values that break it in one place (`invalid`: a required field removed, an unknown
 * field added, a field of the wrong type or just past a bound). Covers the keywords the served
 * document uses; `allOf`/`if` rules are not followed when generating (the server refuses what breaks them).
 */

type Components = Record<string, JsonSchema>;

const maxGeneratedLength = 40;

function resolve(schema: JsonSchema, components: Components): JsonSchema {
  const reference = schema.$ref;
  if (typeof reference !== 'string') return schema;
  const name = reference.replace('#/components/schemas/', '');
  return components[name] ?? {};
}

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : 2_000;
  const fits = (text: string) => text.length >= minLength && text.length <= maxLength;
  if (typeof schema.pattern === 'string') {
    const pattern = new RegExp(schema.pattern, 'u');
    return fc.stringMatching(pattern).filter(fits);
  }
  const small = fc.string({
    minLength,
    maxLength: Math.min(maxLength, Math.max(minLength, maxGeneratedLength)),
  });
  const texts: fc.Arbitrary<string>[] = [
    small,
    fc
      .string({ unit: 'grapheme', minLength, maxLength: Math.max(minLength, Math.min(maxLength, 12)) })
      .filter(fits),
  ];
  // The longest value allowed, now and then: bounds are where mistakes live.
  if (maxLength <= 40_000) texts.push(fc.constant('y'.repeat(maxLength)));
  return fc.oneof(
    { weight: 6, arbitrary: texts[0] as fc.Arbitrary<string> },
    ...texts.slice(1).map((arbitrary) => ({ weight: 1, arbitrary })),
  );
}

function numberArbitrary(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const bound = (value: unknown, fallback: number) =>
    typeof value === 'number' && Math.abs(value) < Number.MAX_SAFE_INTEGER ? value : fallback;
  const min = bound(schema.minimum, integer ? -1_000_000 : -1e6);
  const max = bound(schema.maximum, integer ? 1_000_000 : 1e6);
  if (integer) return fc.oneof(fc.integer({ min, max }), fc.constantFrom(min, max));
  return fc.oneof(fc.double({ min, max, noNaN: true, noDefaultInfinity: true }), fc.constantFrom(min, max));
}

/** Values that fit `schema` (before cross-field rules). */
export function validValue(schema: JsonSchema, components: Components, depth = 0): fc.Arbitrary<unknown> {
  const resolved = resolve(schema, components);
  if (resolved !== schema) {
    // The recursive JSON value: any JSON, kept small.
    if (schema.$ref === '#/components/schemas/JsonValue') return fc.jsonValue({ maxDepth: 2 });
    return validValue(resolved, components, depth + 1);
  }
  if (depth > 8) return fc.constant(null);
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const branches = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (branches) return fc.oneof(...branches.map((branch) => validValue(branch, components, depth + 1)));
  const type = schema.type;
  if (Array.isArray(type)) {
    return fc.oneof(...type.map((single) => validValue({ ...schema, type: single }, components, depth + 1)));
  }
  switch (type) {
    case 'string':
      return stringArbitrary(schema);
    case 'integer':
      return numberArbitrary(schema, true);
    case 'number':
      return numberArbitrary(schema, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = (schema.items as JsonSchema | undefined) ?? {};
      const minLength = typeof schema.minItems === 'number' ? schema.minItems : 0;
      const maxLength = Math.min(typeof schema.maxItems === 'number' ? schema.maxItems : 5, 5);
      return fc.array(validValue(items, components, depth + 1), {
        minLength,
        maxLength: Math.max(minLength, maxLength),
      });
    }
    case 'object':
      return objectArbitrary(schema, components, depth);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function objectArbitrary(schema: JsonSchema, components: Components, depth: number): fc.Arbitrary<unknown> {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = (schema.required ?? []) as string[];
  const names = Object.keys(properties);
  if (names.length > 0) {
    const model = Object.fromEntries(
      names.map((name) => [name, validValue(properties[name] as JsonSchema, components, depth + 1)]),
    );
    return fc.record(model, { requiredKeys: required });
  }
  const values = schema.additionalProperties;
  if (values && typeof values === 'object') {
    const names = schema.propertyNames as JsonSchema | undefined;
    return fc.dictionary(
      names
        ? stringArbitrary({ ...names, maxLength: Math.min(Number(names.maxLength ?? 20), 20) })
        : fc.string({ maxLength: 12 }),
      validValue(values as JsonSchema, components, depth + 1),
      { maxKeys: 3 },
    );
  }
  return fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 });
}

/** A value that breaks `property`'s own schema: past a bound, outside the enum, or of the wrong type. */
function breakingValue(property: JsonSchema, components: Components): unknown[] {
  const schema = resolve(property, components);
  const values: unknown[] = [];
  if (typeof schema.maxLength === 'number' && schema.maxLength <= 1_000_000)
    values.push('z'.repeat(schema.maxLength + 1));
  if (typeof schema.minLength === 'number' && schema.minLength > 0) values.push('');
  if (typeof schema.maximum === 'number' && schema.maximum < Number.MAX_SAFE_INTEGER)
    values.push(schema.maximum + 1);
  if (typeof schema.minimum === 'number' && schema.minimum > Number.MIN_SAFE_INTEGER)
    values.push(schema.minimum - 1);
  if (schema.type === 'integer') values.push(1.5);
  if (typeof schema.maxItems === 'number')
    values.push(Array.from({ length: schema.maxItems + 1 }, () => 'a'));
  if (Array.isArray(schema.enum) || 'const' in schema) values.push('not-one-of-them');
  const wrongTypes: Record<string, unknown> = {
    string: 12345,
    integer: 'seven',
    number: 'seven',
    boolean: 'yes',
    array: { not: 'an array' },
    object: ['not', 'an', 'object'],
  };
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (typeof type === 'string' && type in wrongTypes) values.push(wrongTypes[type]);
  if (values.length === 0) values.push(Symbol.for('undefined-marker'));
  return values;
}

export type Invalidity = 'remove-required' | 'unknown-field' | 'break-field' | 'not-an-object';

/**
 * Values for an object schema that break it in one place. The caller tells which kind it got,
 * so a test can say what it expected.
 */
export function invalidObject(
  schema: JsonSchema,
  components: Components,
): fc.Arbitrary<{ value: unknown; invalidity: Invalidity; field?: string }> {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = (schema.required ?? []) as string[];
  const names = Object.keys(properties);
  const base = validValue(schema, components) as fc.Arbitrary<Record<string, unknown>>;
  const options: fc.Arbitrary<{ value: unknown; invalidity: Invalidity; field?: string }>[] = [
    fc
      .tuple(
        base,
        fc.constantFrom('unknown_field', 'sessionId', '__proto__x', 'Name'),
        fc.jsonValue({ maxDepth: 1 }),
      )
      .map(([value, field, extra]) => ({
        value: { ...value, [field]: extra },
        invalidity: 'unknown-field',
        field,
      })),
    fc
      .constantFrom<unknown>([], 'text', 42, null, true)
      .map((value) => ({ value, invalidity: 'not-an-object' as const })),
  ];
  if (required.length > 0) {
    options.push(
      fc.tuple(base, fc.constantFrom(...required)).map(([value, field]) => {
        const { [field]: _removed, ...rest } = value;
        return { value: rest, invalidity: 'remove-required' as const, field };
      }),
    );
  }
  // Only fields that can be broken (a type, a bound, an enum): choosing among all and filtering out
  // the others never ends when no field of a body can be (e.g. every one is `anyOf`).
  const breakable = names.filter(
    (name) => typeof breakingValue(properties[name] as JsonSchema, components)[0] !== 'symbol',
  );
  if (breakable.length > 0) {
    options.push(
      fc.tuple(base, fc.constantFrom(...breakable)).chain(([value, field]) =>
        fc.constantFrom(...breakingValue(properties[field] as JsonSchema, components)).map((broken) => ({
          value: { ...value, [field]: broken },
          invalidity: 'break-field' as const,
          field,
        })),
      ),
    );
  }
  return fc.oneof(...options);
}
