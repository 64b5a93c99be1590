import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ParleyError } from '@parley/engine';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../logger.js';
import { answerErrors } from './index.js';

let server: Server;
let base: string;

beforeAll(async () => {
  const app = express();
  app.post('/echo', express.json({ limit: 64 }), (request, response) => {
    response.json(request.body);
  });
  app.get('/missing', () => {
    throw new ParleyError('not_found', 'App not found', { app_id: 'app_x' });
  });
  app.get('/broken', () => {
    throw new Error('database password is hunter2');
  });
  app.use(answerErrors(createLogger('silent')));
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.close();
});

const postJson = (body: string) =>
  fetch(`${base}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('answerErrors', () => {
  it('answers a ParleyError with its status and the contract shape', async () => {
    const answer = await fetch(`${base}/missing`);
    expect(answer.status).toBe(404);
    expect(await answer.json()).toEqual({
      error: { code: 'not_found', message: 'App not found', details: { app_id: 'app_x' } },
    });
  });

  it('answers a body that is not JSON with 400 naming the body', async () => {
    const answer = await postJson('{"unfinished": ');
    expect(answer.status).toBe(400);
    expect(await answer.json()).toEqual({
      error: {
        code: 'invalid_request',
        message: 'The body is not valid JSON',
        details: { field: 'body', problem: 'malformed JSON' },
      },
    });
  });

  it('answers a body over the limit with 413 payload_too_large', async () => {
    const answer = await postJson(JSON.stringify({ text: 'x'.repeat(200) }));
    expect(answer.status).toBe(413);
    expect((await answer.json()).error).toMatchObject({
      code: 'payload_too_large',
      details: { field: 'body' },
    });
  });

  it('answers anything else with 500 internal_error, telling nothing of it', async () => {
    const answer = await fetch(`${base}/broken`);
    expect(answer.status).toBe(500);
    const text = await answer.text();
    expect(JSON.parse(text)).toEqual({
      error: { code: 'internal_error', message: 'Something went wrong on our side', details: {} },
    });
    expect(text).not.toContain('hunter2');
  });
});
