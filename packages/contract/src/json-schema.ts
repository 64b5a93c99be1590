import { Ajv, type ValidateFunction } from 'ajv';

/** Compiled validators by the schema's JSON text; schemas are few (one per tool), so the cap is generous. */
const validators = new Map<string, ValidateFunction>();
const maxCachedValidators = 500;

/**
 * Compiles a schema with its own Ajv instance, so two tools' `$id`s never clash
 * and nothing stays registered. Unknown keywords (`example`, …) are allowed.
 */
function compile(schema: Record<string, unknown>): ValidateFunction {
  const key = JSON.stringify(schema);
  const cached = validators.get(key);
  if (cached) return cached;
  const validate = new Ajv({ strict: false, allErrors: false }).compile(schema);
  if (validators.size >= maxCachedValidators) validators.clear();
  validators.set(key, validate);
  return validate;
}

/** Why a tool's `parameters` cannot be used, or null: it must compile and describe an object. */
export function parametersSchemaProblem(schema: Record<string, unknown>): string | null {
  if (schema.type !== 'object') return 'must be a JSON Schema with "type": "object"';
  try {
    compile(schema);
    return null;
  } catch (error) {
    return `is not a valid JSON Schema: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** Why the arguments do not fit the schema (`/order_id must be string`), or null when they do. */
export function argumentsProblem(schema: Record<string, unknown>, value: unknown): string | null {
  let validate: ValidateFunction;
  try {
    validate = compile(schema);
  } catch (error) {
    return `the tool's parameters are not a valid JSON Schema: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (validate(value)) return null;
  const [first] = validate.errors ?? [];
  if (!first) return 'the arguments do not match the parameters';
  const where = first.instancePath === '' ? 'the arguments' : first.instancePath;
  const detail =
    first.keyword === 'additionalProperties' && typeof first.params.additionalProperty === 'string'
      ? ` (${first.params.additionalProperty})`
      : '';
  return `${where} ${first.message ?? 'is not valid'}${detail}`;
}
