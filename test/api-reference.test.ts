import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderApiReference } from '../scripts/api-reference.js';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';

describe('the API reference', () => {
  it('docs/api.md is what the schemas say (run `pnpm docs:api` after changing a route)', () => {
    const written = readFileSync(path.resolve(import.meta.dirname, '../docs/api.md'), 'utf8');
    expect(written).toBe(renderApiReference());
  });

  it('the server serves an OpenAPI 3.1 document with every route, without a key', async () => {
    const parley: ParleyHarness = await startParleyHarness({ model: 'offline' });
    try {
      const response = await fetch(`${parley.url}/v1/openapi.json`);
      expect(response.status).toBe(200);
      const document = await response.json();
      expect(document.openapi).toBe('3.1.0');
      expect(Object.keys(document.paths)).toEqual(
        expect.arrayContaining([
          '/v1/apps/{app_id}/execute',
          '/v1/apps/{app_id}/execute/stream',
          '/v1/apps/{app_id}/sessions/{session_id}/history',
          '/v1/agents/{id}/chat',
          '/v1/agents/{id}/share',
          '/v1/keys',
        ]),
      );
      const execute = document.paths['/v1/apps/{app_id}/execute'].post;
      expect(execute.requestBody.content['application/json'].schema.required).toEqual(['message']);
      expect(execute.responses['200'].content['application/json'].schema.properties.response.type).toBe(
        'string',
      );
    } finally {
      await parley.stop();
    }
  });
});
