import { ParleyError } from '@parley/engine';
import type { z } from 'zod';

/** Where a value came from: a route's path, its query or its body (a socket message's payload is a body). */
export type InputLocation = 'path' | 'query' | 'body';

/** Validates one part of a request; the first problem names its field. */
export function parseInput(schema: z.ZodType | undefined, value: unknown, location: InputLocation): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fieldOf = (path: PropertyKey[]): string => (path.length > 0 ? path.join('.') : location);
  const issues = result.error.issues.flatMap((issue) =>
    // An unknown key is named itself, not the object that holds it.
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ field: fieldOf([...issue.path, key]), problem: 'is not a known field' }))
      : [{ field: fieldOf(issue.path), problem: issue.message }],
  );
  const [first] = issues;
  throw new ParleyError('invalid_request', `${first?.field}: ${first?.problem}`, {
    field: first?.field,
    problem: first?.problem,
    location,
    issues,
  });
}

/** A socket message's payload, validated like a request body and typed by its schema. */
export function parsePayload<Schema extends z.ZodType>(schema: Schema, payload: unknown): z.output<Schema> {
  return parseInput(schema, payload, 'body') as z.output<Schema>;
}
