import { z } from 'zod';
import { accessDescription, type Route } from './routes/define-route.js';
import { errorResponse } from './routes/schemas.js';

type JsonSchema = Record<string, unknown>;

function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z_]+)/g, '{$1}');
}

function parametersOf(schema: z.ZodType | undefined, location: 'path' | 'query') {
  if (!schema) return [];
  const json = toSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }));
}

const errorContent = { 'application/json': { schema: toSchema(errorResponse, 'output') } };

function responsesOf(route: Route) {
  const success: Record<string, unknown> = {};
  if (route.response) success['application/json'] = { schema: toSchema(route.response, 'output') };
  if (route.streams) {
    success['text/event-stream'] = {
      schema: {
        type: 'string',
        description: 'Server-Sent Events: start, token, tool_call, citation, done, error',
      },
    };
  }
  const responses: Record<string, unknown> = {
    [String(route.successStatus ?? 200)]: { description: 'Success', content: success },
    '400': { description: 'invalid_request: the field is named in details', content: errorContent },
    '404': { description: 'not_found', content: errorContent },
  };
  if (route.access !== 'none') {
    responses['401'] = { description: 'authentication_error', content: errorContent };
    responses['403'] = { description: 'permission_error', content: errorContent };
    responses['429'] = { description: 'rate_limited, with Retry-After', content: errorContent };
  }
  if (route.body) responses['413'] = { description: 'payload_too_large', content: errorContent };
  if (route.streams || route.operationId === 'execute') {
    responses['502'] = { description: 'upstream_error: the model provider failed', content: errorContent };
  }
  return responses;
}

/** The OpenAPI 3.1 document, made from the same schemas that validate requests. */
export function buildOpenApiDocument(routes: Route[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const operation: Record<string, unknown> = {
      operationId: route.operationId,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: [route.tag],
      ...(route.access === 'none' ? { security: [] } : {}),
      'x-parley-access': accessDescription[route.access],
      parameters: [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query')],
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: toSchema(route.body, 'input') } },
            },
          }
        : {}),
      responses: responsesOf(route),
    };
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Parley API',
      version,
      description: 'Self-hosted agent chat platform. Authenticate with `Authorization: Bearer <key>`.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}
