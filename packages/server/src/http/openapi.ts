import { documentUploadForm, errorResponse } from '@parley/contract/schemas';
import { z } from 'zod';
import { accessDescription, type Route } from './routes/define-route.js';

type JsonSchema = Record<string, unknown>;

const tagDescriptions: Record<string, string> = {
  Apps: 'An app groups agents behind one chat: the widget, Slack and Teams talk to an app.',
  Sessions:
    'A conversation with an app: execute sends a message and answers, plain or as Server-Sent Events.',
  Handoff: 'A person takes over a session (escalation), answers in it, hands it back; answers are rated.',
  Analytics: 'Totals and a series per hour or day for an app.',
  Webhooks: 'Signed deliveries of session and escalation events to your own URL, at least once.',
  Agents:
    'What answers: a system prompt, a model, settings, HTTP tools and datastores; chat and share links.',
  Datastores: 'Documents an agent searches and cites: PDF, DOCX, HTML, Markdown or plain text.',
  Definitions: 'Rules and terms given to the model when a question names them.',
  Conversations: 'The stored chats of an agent.',
  Keys: 'Secret keys reach everything; publishable keys are bound to one app or agent and web origins.',
  Console:
    'Console sign-in: the first owner, email and password sessions in the `parley_console` cookie, invites.',
  Operators: 'The console’s team: owners and admins invite, change and remove operators.',
  'OpenAI-compatible':
    "OpenAI's Chat Completions and Models in front of Parley's agents and apps, for any OpenAI client.",
};

const rateLimitHeaders = {
  'X-RateLimit-Limit': {
    description:
      'Requests allowed in the window closest to its limit (the key’s minute or day, or the client IP’s)',
    required: true,
    schema: { type: 'integer', minimum: 0 },
  },
  'X-RateLimit-Remaining': {
    description: 'Requests left in that window',
    required: true,
    schema: { type: 'integer', minimum: 0 },
  },
  'X-RateLimit-Reset': {
    description: 'When that window resets, in Unix seconds',
    required: true,
    schema: { type: 'integer', minimum: 0 },
  },
};

const retryAfterHeader = {
  description: 'Seconds to wait before trying again',
  required: true,
  schema: { type: 'integer', minimum: 1 },
};

const headerReference = (name: string) => ({ $ref: `#/components/headers/${name}` });

/**
 * Turns zod schemas into JSON Schema for the document. zod writes shared and recursive parts (the
 * JSON value of `z.json()`) as `$defs` of each schema with `#/$defs/…` references, which point at the
 * document root once the schema sits inside the document. They are moved to `components/schemas`,
 * the same part under the same name, and the references rewritten to point there.
 */
class SchemaCollector {
  readonly components: Record<string, JsonSchema> = {};
  private readonly nameOfShape = new Map<string, string>();

  constructor() {
    const jsonValue = this.generate(z.strictObject({ value: z.json() }), 'input').$defs as Record<
      string,
      JsonSchema
    >;
    const [shape] = Object.values(jsonValue);
    this.nameOfShape.set(JSON.stringify(shape), 'JsonValue');
  }

  private generate(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
      io,
      unrepresentable: 'any',
    }) as JsonSchema;
    return rest;
  }

  toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const { $defs, ...generated } = this.generate(schema, io) as JsonSchema & {
      $defs?: Record<string, JsonSchema>;
    };
    if (!$defs) return generated;
    const renamed = new Map<string, string>();
    for (const [name, definition] of Object.entries($defs)) {
      const shape = JSON.stringify(definition);
      let component = this.nameOfShape.get(shape);
      if (!component) {
        component = `Schema${this.nameOfShape.size + 1}`;
        this.nameOfShape.set(shape, component);
      }
      renamed.set(name, component);
    }
    const rewrite = (text: string) =>
      text.replace(/"#\/\$defs\/([^"]+)"/g, (match, name: string) => {
        const component = renamed.get(name);
        return component ? `"#/components/schemas/${component}"` : match;
      });
    for (const [name, definition] of Object.entries($defs)) {
      this.components[renamed.get(name) as string] = JSON.parse(rewrite(JSON.stringify(definition)));
    }
    return JSON.parse(rewrite(JSON.stringify(generated)));
  }
}

function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z_]+)/g, '{$1}');
}

function parametersOf(schemas: SchemaCollector, schema: z.ZodType | undefined, location: 'path' | 'query') {
  if (!schema) return [];
  const json = schemas.toSchema(schema, 'input') as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }));
}

/** A body is required when an empty one (taken as `{}`) is refused. */
function bodyIsRequired(schema: z.ZodType): boolean {
  return !schema.safeParse({}).success;
}

function requestBodyOf(schemas: SchemaCollector, route: Route) {
  if (!route.body) return {};
  const content: Record<string, unknown> = {
    'application/json': { schema: schemas.toSchema(route.body, 'input') },
  };
  if (route.acceptsMultipart) {
    content['multipart/form-data'] = { schema: schemas.toSchema(documentUploadForm, 'input') };
  }
  return {
    requestBody: {
      required: route.acceptsMultipart === true || bodyIsRequired(route.body),
      ...(route.acceptsMultipart
        ? { description: 'The document as a multipart upload (`file`), or its text as JSON `{name, text}`' }
        : {}),
      content,
    },
  };
}

const streamDescription =
  'Server-Sent Events: `start {trace_id, session_id | conversation_id}`, `token {content}`, `tool_call {tool, status}`, ' +
  '`citation {…}`, `done {usage, agent, agent_id, tools_used, session_id, trace_id, message_id, escalated?}` ' +
  '(`escalated: true` when the turn escalated to a person) and `error {error: {code, message}}` when the ' +
  'answer fails after the stream began.';

function responsesOf(schemas: SchemaCollector, route: Route) {
  const authenticated = route.access !== 'none';
  const headers = authenticated
    ? Object.fromEntries(Object.keys(rateLimitHeaders).map((name) => [name, headerReference(name)]))
    : undefined;
  const errorSchema = route.errorFormat?.schema ?? errorResponse;
  const errorContent = { 'application/json': { schema: schemas.toSchema(errorSchema, 'output') } };
  const failure = (description: string, extraHeaders: Record<string, unknown> = {}) => {
    const allHeaders = { ...headers, ...extraHeaders };
    return {
      description,
      ...(Object.keys(allHeaders).length > 0 ? { headers: allHeaders } : {}),
      content: errorContent,
    };
  };
  const success: Record<string, unknown> = {};
  if (route.response && route.streams !== 'always') {
    success['application/json'] = { schema: schemas.toSchema(route.response, 'output') };
  }
  if (route.produces) {
    success[route.produces.contentType] = {
      schema: { type: route.produces.schemaType ?? 'string', description: route.produces.description },
    };
  }
  if (route.streams) {
    const description = route.streamDescription ?? streamDescription;
    success['text/event-stream'] = { schema: { type: 'string', description } };
  }
  const responses: Record<string, unknown> = {
    [String(route.successStatus ?? 200)]: {
      description: route.successStatus === 201 ? 'Created' : 'Success',
      ...(headers ? { headers } : {}),
      content: success,
    },
    '400': failure('invalid_request: the field is named in details'),
  };
  if (authenticated) {
    responses['401'] = {
      description: 'authentication_error: no key, or a key that is not valid',
      content: errorContent,
    };
    responses['403'] = failure(
      'permission_error: this key may not do this, or not from this web origin, or a user_hash that does not verify (`details.reason: "identity_unverified"`)',
    );
  }
  for (const [status, description] of Object.entries(route.openRefusals ?? {})) {
    responses[status] = failure(
      description,
      status === '429' ? { 'Retry-After': headerReference('Retry-After') } : {},
    );
  }
  responses['404'] = failure('not_found: details name what was not found');
  if (route.body) responses['413'] = failure('payload_too_large');
  if (authenticated) {
    responses['429'] = failure('rate_limited, with Retry-After: the seconds to wait', {
      'Retry-After': headerReference('Retry-After'),
    });
  }
  // A session's notifications stream calls no model: no 502.
  if (
    (route.streams && route.operationId !== 'streamSessionNotifications') ||
    route.operationId === 'execute'
  ) {
    responses['502'] = failure('upstream_error: the model provider failed; the message is stored');
  }
  return responses;
}

/** The OpenAPI 3.1 document, made from the same schemas that validate requests. */
export function buildOpenApiDocument(routes: Route[], version: string) {
  const schemas = new SchemaCollector();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const parameters = [
      ...parametersOf(schemas, route.params, 'path'),
      ...parametersOf(schemas, route.query, 'query'),
    ];
    const operation: Record<string, unknown> = {
      operationId: route.operationId,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: [route.tag],
      ...(route.access === 'none' ? { security: [] } : {}),
      'x-parley-access': accessDescription[route.access],
      ...(parameters.length > 0 ? { parameters } : {}),
      ...requestBodyOf(schemas, route),
      responses: responsesOf(schemas, route),
    };
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method]: operation };
  }
  const usedTags = [...new Set(routes.map((route) => route.tag))];
  return {
    openapi: '3.1.0',
    info: {
      title: 'Parley API',
      version,
      description:
        'Self-hosted agent chat platform. Authenticate with `Authorization: Bearer <key>` (or, in the console, its session cookie).',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/', description: 'The server that serves this document' }],
    security: [{ bearer: [] }, { consoleCookie: [] }],
    tags: usedTags.map((name) => ({ name, description: tagDescriptions[name] ?? name })),
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'A secret key (`sk_…`), a publishable key (`pk_…`) or a share token (`st_…`)',
        },
        consoleCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: 'parley_console',
          description:
            'A console session (from `POST /v1/console/sign-in`): acts as a secret key for owners and admins; ' +
            'support staff (`agent` role) reach only the routes open to operators. Unsafe methods also need ' +
            '`X-Parley-Console: 1` and, from a browser, the server’s own `Origin`. A bearer key wins over it.',
        },
      },
      headers: { ...rateLimitHeaders, 'Retry-After': retryAfterHeader },
      schemas: schemas.components,
    },
  };
}
