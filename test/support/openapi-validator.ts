import type { ValidateFunction } from 'ajv/dist/2020.js';
import AjvModule from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

/**
 * Checks requests and answers against the served OpenAPI 3.1 document with a real JSON Schema
 * validator (ajv, draft 2020-12, the dialect OpenAPI 3.1 uses). `$ref`s resolve inside the document.
 */

// Both packages are CommonJS: under ESM their default export sits one level down.
const Ajv2020 = (AjvModule as unknown as { default: typeof AjvModule }).default ?? AjvModule;
const addFormats =
  (addFormatsModule as unknown as { default: typeof addFormatsModule }).default ?? addFormatsModule;

export type JsonSchema = Record<string, unknown>;

export interface HeaderObject {
  required?: boolean;
  schema?: JsonSchema;
  $ref?: string;
}

export interface ResponseObject {
  description: string;
  headers?: Record<string, HeaderObject>;
  content?: Record<string, { schema?: JsonSchema }>;
}

export interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: JsonSchema;
}

export interface OperationObject {
  operationId: string;
  tags: string[];
  security?: unknown[];
  parameters?: ParameterObject[];
  requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, ResponseObject>;
}

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, OperationObject>>;
  components: { schemas?: Record<string, JsonSchema>; headers?: Record<string, HeaderObject> };
}

export interface DocumentedOperation {
  method: string;
  /** The OpenAPI path, e.g. `/v1/apps/{app_id}`. */
  path: string;
  operation: OperationObject;
}

function pointerSegment(text: string): string {
  return text.replaceAll('~', '~0').replaceAll('/', '~1');
}

export function operationsOf(document: OpenApiDocument): DocumentedOperation[] {
  return Object.entries(document.paths).flatMap(([pathname, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ method, path: pathname, operation })),
  );
}

export interface AnswerToCheck {
  status: number;
  headers: Headers;
  /** The body as text (an event stream is checked for its content type only). */
  text: string;
}

export class OpenApiValidator {
  private readonly ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(readonly document: OpenApiDocument) {
    this.ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
    addFormats(this.ajv);
    // A copy: ajv keeps the object, and the tests read the document as served.
    this.ajv.addSchema(JSON.parse(JSON.stringify(document)), 'openapi.json');
  }

  /** The validator of the schema at a JSON pointer in the document. */
  validatorAt(pointer: string): ValidateFunction {
    let validate = this.compiled.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `openapi.json#${pointer}` });
      this.compiled.set(pointer, validate);
    }
    return validate;
  }

  /** The pointer of an operation's request body schema for a media type. */
  requestBodyPointer(documented: DocumentedOperation, mediaType: string): string {
    return `/paths/${pointerSegment(documented.path)}/${documented.method}/requestBody/content/${pointerSegment(mediaType)}/schema`;
  }

  private headerObject(header: HeaderObject): HeaderObject {
    if (!header.$ref) return header;
    const name = header.$ref.replace('#/components/headers/', '');
    return this.document.components.headers?.[name] ?? {};
  }

  /** Every way the answer departs from the document (empty when it fits). */
  problemsWith(documented: DocumentedOperation, answer: AnswerToCheck): string[] {
    const { operation } = documented;
    const declared = operation.responses[String(answer.status)];
    if (!declared) {
      return [
        `status ${answer.status} is not declared (declared: ${Object.keys(operation.responses).join(', ')})`,
      ];
    }
    const problems: string[] = [];
    for (const [name, reference] of Object.entries(declared.headers ?? {})) {
      const header = this.headerObject(reference);
      const value = answer.headers.get(name);
      if (value === null) {
        if (header.required) problems.push(`header ${name} is required but missing`);
        continue;
      }
      if (header.schema) {
        const parsed =
          header.schema.type === 'integer' || header.schema.type === 'number' ? Number(value) : value;
        const validate = this.ajv.compile(header.schema);
        if (!validate(parsed))
          problems.push(`header ${name}: ${value} does not fit ${JSON.stringify(header.schema)}`);
      }
    }
    const contentType = (answer.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
    const mediaTypes = Object.keys(declared.content ?? {});
    if (mediaTypes.length === 0) return problems;
    if (!mediaTypes.includes(contentType)) {
      problems.push(`content type ${contentType || 'none'} is not declared (${mediaTypes.join(', ')})`);
      return problems;
    }
    if (contentType !== 'application/json') return problems;
    let body: unknown;
    try {
      body = JSON.parse(answer.text);
    } catch {
      problems.push(`the body is not JSON: ${answer.text.slice(0, 200)}`);
      return problems;
    }
    const validate = this.validatorAt(
      `/paths/${pointerSegment(documented.path)}/${documented.method}/responses/${answer.status}/content/application~1json/schema`,
    );
    if (!validate(body)) {
      const errors = (validate.errors ?? [])
        .slice(0, 3)
        .map((error) => `${error.instancePath || '(root)'} ${error.message} ${JSON.stringify(error.params)}`);
      problems.push(`the body does not fit the schema: ${errors.join('; ')}: ${answer.text.slice(0, 300)}`);
    }
    return problems;
  }
}

/** The documented operation a concrete request goes to, or null (an unknown route or method). */
export function matchOperation(
  document: OpenApiDocument,
  method: string,
  pathname: string,
): DocumentedOperation | null {
  const lower = method.toLowerCase();
  const segments = pathname.split('/');
  for (const documented of operationsOf(document)) {
    if (documented.method !== lower) continue;
    const template = documented.path.split('/');
    if (template.length !== segments.length) continue;
    const fits = template.every((part, index) => {
      const segment = segments[index] as string;
      return part.startsWith('{') ? segment.length > 0 : part === segment;
    });
    if (fits) return documented;
  }
  return null;
}
