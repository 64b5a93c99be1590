import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChannelHandler } from '@parley/engine';
import { afterAll, describe, expect, it } from 'vitest';
import { createSlackApp } from './slack-app.js';
import { createSlackConnector } from './slack-connector.js';

/** No request here gets as far as the bridge. */
const untouched: ChannelHandler = {
  receive: async () => expect.fail('receive'),
  escalate: async () => expect.fail('escalate'),
  rate: async () => expect.fail('rate'),
  linkOf: async () => expect.fail('linkOf'),
};
// Nothing here reaches Slack: the Web API points at a closed port.
const connector = createSlackConnector({ botToken: 'xoxb-test', apiUrl: 'http://127.0.0.1:9/api/' });
const servers: Server[] = [];

afterAll(() => {
  for (const server of servers) server.close();
});

describe('the Slack app as a receiver', () => {
  it('over HTTP shows one raw POST endpoint for events and interactivity', () => {
    const app = createSlackApp({
      connector,
      bridge: untouched,
      signingSecret: 'secret',
      endpoint: '/slack/events',
    });
    expect(app.mode).toBe('http');
    expect(app.endpoints.map(({ method, path, body }) => ({ method, path, body }))).toEqual([
      { method: 'POST', path: '/slack/events', body: 'raw' },
    ]);
  });

  it('in Socket Mode shows no endpoint', () => {
    const app = createSlackApp({ connector, bridge: untouched, appToken: 'xapp-test' });
    expect(app.mode).toBe('socket');
    expect(app.endpoints).toEqual([]);
  });

  it('hands the bytes to Bolt, which refuses an unsigned request with 401', async () => {
    const app = createSlackApp({ connector, bridge: untouched, signingSecret: 'secret' });
    const [endpoint] = app.endpoints;
    // As the server mounts a `raw` endpoint: the whole body read, then handed on.
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => void endpoint?.handle(request, response, Buffer.concat(chunks)));
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const answer = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'event_callback', event: { type: 'message', text: 'hi' } }),
    });
    expect(answer.status).toBe(401);
  });
});
