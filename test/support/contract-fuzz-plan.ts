import fc from 'fast-check';
import {
  type DocumentedOperation,
  type JsonSchema,
  type OpenApiDocument,
  operationsOf,
} from './openapi-validator.js';
import { type Invalidity, invalidObject, validValue } from './schema-arbitrary.js';

/** The schema-driven fuzzer's plans: a request for a documented operation, with real or made-up ids, any credential and origin, and a body valid or broken in one place. */

export type CredentialName = 'admin' | 'publishable' | 'share' | 'none' | 'garbage';
export type OriginName = 'none' | 'allowed' | 'foreign';

export type BodyPlan =
  | { kind: 'none' }
  /** `real`: fields that name records or URLs get real ones, and the key rules are met. */
  | { kind: 'valid'; value: unknown; real: boolean }
  | { kind: 'invalid'; value: unknown; invalidity: Invalidity; field?: string }
  | { kind: 'multipart'; fileText: string; fileName: string; name: string | null }
  | { kind: 'multipart-without-file' };

export interface PlannedRequest {
  operationIndex: number;
  /** Per path parameter: the real record of its kind, or a generated value. */
  pathValues: ({ kind: 'real' } | { kind: 'generated'; value: unknown })[];
  query: Record<string, unknown>;
  body: BodyPlan;
  credential: CredentialName;
  origin: OriginName;
}

export interface Pool {
  app: string;
  agent: string;
  session: string;
  message: string;
  conversation: string;
  datastore: string;
  document: string;
  definition: string;
  webhook: string;
  key: string;
  publishableKey: string;
  shareToken: string;
}

export const allowedOrigin = 'https://fuzz-contract.example';

export function pathParameters(documented: DocumentedOperation) {
  return (documented.operation.parameters ?? []).filter((parameter) => parameter.in === 'path');
}

export function queryParameters(documented: DocumentedOperation) {
  return (documented.operation.parameters ?? []).filter((parameter) => parameter.in === 'query');
}

export function jsonBodySchema(documented: DocumentedOperation): JsonSchema | undefined {
  return documented.operation.requestBody?.content['application/json']?.schema;
}

/** The record a path parameter names, from the path it sits in. */
export function poolKeyOf(documented: DocumentedOperation, name: string): keyof Pool {
  const byName: Record<string, keyof Pool> = {
    app_id: 'app',
    session_id: 'session',
    message_id: 'message',
    conversation_id: 'conversation',
    webhook_id: 'webhook',
    document_id: 'document',
    datastore_id: 'datastore',
  };
  const known = byName[name];
  if (known) return known;
  if (documented.path.startsWith('/v1/datastores')) return 'datastore';
  if (documented.path.startsWith('/v1/definitions')) return 'definition';
  if (documented.path.startsWith('/v1/keys')) return 'key';
  return 'agent';
}

export function planArbitrary(document: OpenApiDocument): fc.Arbitrary<PlannedRequest> {
  const components = document.components.schemas ?? {};
  const operations = operationsOf(document);
  return fc.nat({ max: operations.length - 1 }).chain((operationIndex) => {
    const documented = operations[operationIndex] as DocumentedOperation;
    const pathValue = (schema: JsonSchema) =>
      fc.oneof(
        { weight: 8, arbitrary: fc.constant({ kind: 'real' as const }) },
        {
          weight: 2,
          arbitrary: validValue(schema, components).map((value) => ({ kind: 'generated' as const, value })),
        },
      );
    const queryModel = Object.fromEntries(
      queryParameters(documented).map((parameter) => [
        parameter.name,
        fc.oneof(
          { weight: 4, arbitrary: validValue(parameter.schema, components) },
          {
            weight: 1,
            arbitrary: fc.constantFrom<unknown>('abc', '-1', '0', '101', '1.5', '', 'x'.repeat(300)),
          },
        ),
      ]),
    );
    const schema = jsonBodySchema(documented);
    const required = documented.operation.requestBody?.required === true;
    const bodies: fc.Arbitrary<BodyPlan>[] = [];
    if (schema) {
      bodies.push(
        validValue(schema, components).map((value): BodyPlan => ({ kind: 'valid', value, real: false })),
        validValue(schema, components).map((value): BodyPlan => ({ kind: 'valid', value, real: true })),
        validValue(schema, components).map((value): BodyPlan => ({ kind: 'valid', value, real: true })),
        invalidObject(schema, components).map((broken): BodyPlan => ({ kind: 'invalid', ...broken })),
      );
      if (!required) bodies.push(fc.constant<BodyPlan>({ kind: 'none' }));
    } else {
      bodies.push(fc.constant<BodyPlan>({ kind: 'none' }));
    }
    if (documented.operation.requestBody?.content['multipart/form-data']) {
      bodies.push(
        fc
          .record({
            fileText: fc.string({ minLength: 0, maxLength: 200 }),
            fileName: fc.constantFrom('notes.md', 'page.html', 'plain.txt', 'noextension', ''),
            name: fc.option(fc.string({ maxLength: 30 }), { nil: null }),
          })
          .map((parts): BodyPlan => ({ kind: 'multipart', ...parts })),
        fc.constant<BodyPlan>({ kind: 'multipart-without-file' }),
      );
    }
    return fc.record({
      operationIndex: fc.constant(operationIndex),
      pathValues: fc.tuple(...pathParameters(documented).map((parameter) => pathValue(parameter.schema))),
      query: fc.record(queryModel, { requiredKeys: [] }),
      body: fc.oneof(...bodies),
      credential: fc.oneof(
        { weight: 14, arbitrary: fc.constant<CredentialName>('admin') },
        { weight: 3, arbitrary: fc.constant<CredentialName>('publishable') },
        { weight: 1, arbitrary: fc.constant<CredentialName>('share') },
        { weight: 1, arbitrary: fc.constantFrom<CredentialName>('none', 'garbage') },
      ),
      origin: fc.oneof(
        { weight: 8, arbitrary: fc.constant<OriginName>('none') },
        { weight: 2, arbitrary: fc.constant<OriginName>('allowed') },
        { weight: 1, arbitrary: fc.constant<OriginName>('foreign') },
      ),
    });
  });
}
