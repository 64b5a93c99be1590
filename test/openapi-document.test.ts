import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenApiValidator, type OpenApiDocument as ValidatedDocument } from './support/openapi-validator.js';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';

/**
 * The served `/v1/openapi.json`, checked with tools nobody here wrote: swagger-parser (dereference and
 * validate against the OpenAPI 3.1 schema) and Redocly's linter with its recommended rules
 * (`redocly.yaml`). A client generator or a validating proxy must be able to load it as served.
 */

const run = promisify(execFile);
const repositoryRoot = path.resolve(import.meta.dirname, '..');

type Schema = Record<string, unknown> & {
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
};
type Operation = {
  operationId: string;
  tags: string[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<
    string,
    { headers?: Record<string, { $ref?: string }>; content?: Record<string, { schema: Schema }> }
  >;
  security?: unknown[];
};
type OpenApiDocument = {
  openapi: string;
  info: { license?: { name: string; identifier?: string } };
  servers?: { url: string }[];
  tags?: { name: string; description?: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { headers?: Record<string, unknown>; schemas?: Record<string, Schema> };
};

function operations(document: OpenApiDocument): { method: string; path: string; operation: Operation }[] {
  return Object.entries(document.paths).flatMap(([pathname, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ method, path: pathname, operation })),
  );
}

describe('the served OpenAPI document', () => {
  let parley: ParleyHarness;
  let served = '';
  let document: OpenApiDocument;

  beforeAll(async () => {
    parley = await startParleyHarness({ model: 'offline' });
    const response = await fetch(`${parley.url}/v1/openapi.json`);
    expect(response.status).toBe(200);
    served = await response.text();
    document = JSON.parse(served) as OpenApiDocument;
  });

  afterAll(async () => {
    await parley?.stop();
  });

  it('every $ref resolves: swagger-parser dereferences and validates it', async () => {
    const copy = JSON.parse(served);
    await expect(SwaggerParser.validate(copy)).resolves.toBeTruthy();
    expect(served).not.toContain('#/$defs/');
  });

  it('passes `redocly lint` with the recommended rules, without a warning', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'parley-openapi-'));
    const file = path.join(folder, 'openapi.json');
    writeFileSync(file, served);
    try {
      const result = await run(
        path.join(repositoryRoot, 'node_modules/.bin/redocly'),
        ['lint', file, '--config', path.join(repositoryRoot, 'redocly.yaml'), '--format', 'json'],
        {
          cwd: repositoryRoot,
          env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
        },
      ).catch((error: { stdout?: string; stderr?: string }) => ({
        stdout: error.stdout ?? '',
        stderr: error.stderr ?? '',
      }));
      const report = JSON.parse(result.stdout) as {
        totals: { errors: number; warnings: number };
        problems: { ruleId: string; message: string; location: { pointer: string }[] }[];
      };
      const problems = report.problems.map(
        (problem) => `${problem.ruleId}: ${problem.message} at ${problem.location[0]?.pointer}`,
      );
      expect(problems).toEqual([]);
      expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 60_000);

  it('names its license, its server, and describes a tag for every tag an operation uses', () => {
    expect(document.info.license?.name).toBe('MIT');
    expect(document.servers?.length).toBeGreaterThan(0);
    const described = new Map((document.tags ?? []).map((tag) => [tag.name, tag.description]));
    for (const { operation } of operations(document)) {
      expect(operation.operationId).toMatch(/^[a-zA-Z]+$/);
      expect(operation.tags).toHaveLength(1);
      expect(described.get(operation.tags[0] as string), operation.operationId).toBeTruthy();
    }
  });

  it('declares the document upload as multipart with a binary `file`, and as JSON `{name, text}`', () => {
    const upload = document.paths['/v1/datastores/{id}/documents']?.post as Operation;
    const multipart = upload.requestBody?.content['multipart/form-data']?.schema as Schema;
    expect(multipart.required).toEqual(['file']);
    expect(multipart.properties?.file).toMatchObject({ type: 'string', format: 'binary' });
    expect(Object.keys(multipart.properties ?? {}).sort()).toEqual(['file', 'name']);
    const json = upload.requestBody?.content['application/json']?.schema as Schema;
    expect(json.required).toEqual(['name', 'text']);
  });

  it('declares X-RateLimit-* on every answer to a key, and Retry-After on 429', () => {
    for (const { operation } of operations(document)) {
      // Routes open to all (console status, sign-in) are not counted against a key.
      if (Array.isArray(operation.security) && operation.security.length === 0) continue;
      for (const [status, response] of Object.entries(operation.responses)) {
        const headers = Object.keys(response.headers ?? {});
        if (status === '401') continue;
        expect(headers, `${operation.operationId} ${status}`).toEqual(
          expect.arrayContaining(['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset']),
        );
        if (status === '429') expect(headers).toContain('Retry-After');
      }
    }
    expect(Object.keys(document.components.headers ?? {}).sort()).toEqual([
      'Retry-After',
      'X-RateLimit-Limit',
      'X-RateLimit-Remaining',
      'X-RateLimit-Reset',
    ]);
  });

  it("documents the execute answer's `escalated`, and the stream's `done` says so too", () => {
    const execute = document.paths['/v1/apps/{app_id}/execute']?.post as Operation;
    const answer = execute.responses['200']?.content?.['application/json']?.schema as Schema;
    expect(answer.properties?.escalated).toMatchObject({ type: 'boolean' });
    expect(answer.required).not.toContain('escalated');
    const stream = document.paths['/v1/apps/{app_id}/execute/stream']?.post as Operation;
    const events = stream.responses['200']?.content?.['text/event-stream']?.schema as Schema;
    expect(String(events.description)).toContain('escalated');
  });

  it('marks a request body required only where an empty body is refused', () => {
    const requiredBodies = operations(document)
      .filter(({ operation }) => operation.requestBody?.required === true)
      .map(({ operation }) => operation.operationId)
      .sort();
    expect(requiredBodies).toEqual(
      [
        'acceptInvite',
        'chat',
        'connectDatastore',
        'createAgent',
        'createApp',
        'createChatCompletion',
        'createDatastore',
        'createDefinition',
        'createKey',
        'createWebhook',
        'execute',
        'executeStream',
        'inviteOperator',
        'leaveContact',
        'postConversationHumanMessage',
        'postHumanMessage',
        'rateAnswer',
        'setUpConsole',
        'signIn',
        'testAgentTool',
        'updateOperator',
        'updateSlackWorkspace',
        'uploadDocument',
      ].sort(),
    );
    const optional = operations(document)
      .filter(({ operation }) => operation.requestBody && operation.requestBody.required !== true)
      .map(({ operation }) => operation.operationId);
    expect(optional).toEqual(
      expect.arrayContaining(['createSession', 'updateApp', 'escalateSession', 'resolveSession']),
    );
  });

  it('states the key rules a tool can check: what each kind and plan needs', () => {
    const createKey = document.paths['/v1/keys']?.post as Operation;
    const schema = createKey.requestBody?.content['application/json']?.schema as Schema;
    expect(schema.allOf?.length).toBeGreaterThanOrEqual(2);
    // The rules as a validator reads them: a publishable key without origins does not fit the document.
    const validate = new OpenApiValidator(document as unknown as ValidatedDocument).validatorAt(
      '/paths/~1v1~1keys/post/requestBody/content/application~1json/schema',
    );
    const fits = (body: unknown) => validate(body) === true;
    expect(fits({ name: 'k', kind: 'secret' })).toBe(true);
    expect(fits({ name: 'k', kind: 'secret', app_id: 'app_x' })).toBe(false);
    expect(fits({ name: 'k', kind: 'publishable', app_id: 'app_x', allowed_origins: ['*'] })).toBe(true);
    expect(fits({ name: 'k', kind: 'publishable', app_id: 'app_x' })).toBe(false);
    expect(fits({ name: 'k', kind: 'publishable', allowed_origins: ['*'] })).toBe(false);
    expect(
      fits({ name: 'k', kind: 'publishable', app_id: 'app_x', agent_id: 'agt_x', allowed_origins: ['*'] }),
    ).toBe(false);
    expect(fits({ name: 'k', kind: 'secret', plan: 'enterprise' })).toBe(false);
    expect(
      fits({ name: 'k', kind: 'secret', plan: 'enterprise', rate_limit: { per_minute: 1, per_day: 1 } }),
    ).toBe(true);
    expect(fits({ name: 'k', kind: 'secret', plan: 'pro', rate_limit: { per_minute: 1, per_day: 1 } })).toBe(
      false,
    );
  });

  it("states that a tool's `parameters` is an object schema", () => {
    const validator = new OpenApiValidator(document as unknown as ValidatedDocument);
    const validate = validator.validatorAt(
      '/paths/~1v1~1agents/post/requestBody/content/application~1json/schema',
    );
    const tool = (parameters: unknown) => ({
      name: 'a',
      tools: [{ type: 'http', name: 't', description: 'd', url: 'https://x.example/', parameters }],
    });
    expect(validate(tool({ type: 'object', properties: {} }))).toBe(true);
    expect(validate(tool({ type: 'string' }))).toBe(false);
    expect(validate(tool({ properties: {} }))).toBe(false);
  });
});
