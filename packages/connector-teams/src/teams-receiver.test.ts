import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChannelHandler } from '@parley/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TeamsConnector } from './teams-connector.js';
import { createTeamsReceiver } from './teams-receiver.js';

/** No request here gets as far as the bridge. */
const untouched: ChannelHandler = {
  receive: async () => expect.fail('receive'),
  escalate: async () => expect.fail('escalate'),
  rate: async () => expect.fail('rate'),
  linkOf: async () => expect.fail('linkOf'),
};

const receiver = createTeamsReceiver({ connector: new TeamsConnector(), bridge: untouched });
let server: Server;
let url: string;

beforeAll(async () => {
  const [endpoint] = receiver.endpoints;
  // As the server mounts a `raw` endpoint: the whole body read, then handed on.
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => void endpoint?.handle(request, response, Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;
});

afterAll(async () => {
  await receiver.stop();
  server.close();
});

const post = (body: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('the Teams receiver', () => {
  it('shows one raw POST endpoint, the messaging endpoint', () => {
    expect(receiver.endpoints.map(({ method, path, body }) => ({ method, path, body }))).toEqual([
      { method: 'POST', path: '/api/messages', body: 'raw' },
    ]);
  });

  it('answers a body that is not JSON with 400 in the contract shape', async () => {
    const answer = await post('{"type": "mess');
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await answer.json()).toEqual({
      error: { code: 'invalid_request', message: 'The body is not JSON', details: {} },
    });
  });

  it('answers JSON that is not an activity with 400', async () => {
    const answer = await post('{"text": "hi"}');
    expect(answer.status).toBe(400);
    expect((await answer.json()).error).toMatchObject({
      code: 'invalid_request',
      message: 'The activity has no type',
    });
  });

  it('without authentication, refuses an activity from a service that is not loopback with 403', async () => {
    const answer = await post(
      JSON.stringify({ type: 'message', text: 'hi', serviceUrl: 'https://smba.example/' }),
    );
    expect(answer.status).toBe(403);
    expect((await answer.json()).error.code).toBe('permission_error');
  });
});
