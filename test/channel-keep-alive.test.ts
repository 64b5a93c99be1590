import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackDriver, startSlackDriver } from './support/slack-driver.js';

/** One request over `agent`; resolves with the status once the answer has been read, or rejects after `timeoutMs`. */
function send(
  agent: Agent,
  url: string,
  options: { method: string; body?: Buffer; chunked?: boolean; timeoutMs?: number },
): Promise<{ status: number; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, {
      agent,
      method: options.method,
      headers: options.body
        ? {
            'content-type': 'application/json',
            ...(options.chunked ? {} : { 'content-length': String(options.body.length) }),
          }
        : {},
    });
    const timer = setTimeout(() => {
      outgoing.destroy();
      reject(new Error(`no answer within ${options.timeoutMs} ms`));
    }, options.timeoutMs ?? 10_000);
    outgoing.on('response', (response) => {
      response.resume();
      response.on('end', () => {
        clearTimeout(timer);
        resolve({ status: response.statusCode ?? 0, connection: response.headers.connection });
      });
    });
    // The server may stop reading a body it refused: the rest cannot be written, the answer stands.
    outgoing.on('error', () => {});
    outgoing.end(options.body);
  });
}

/**
 * Issue 9, item 14: a body over the limit is refused at once, and the connection it came on does not
 * hold the next request (before: 413 at once, then the next request on that keep-alive connection
 * waited ~66 s). The chat endpoints take raw requests, so they answer this themselves.
 */
describe('an oversized body on a keep-alive connection to a chat endpoint', () => {
  let driver: SlackDriver;
  const agents: Agent[] = [];

  beforeAll(async () => {
    driver = await startSlackDriver({ environment: { PARLEY_TEAMS_ENABLED: '1' } });
  });
  afterAll(async () => {
    for (const agent of agents) agent.destroy();
    await driver?.stop();
  });

  it.each([
    ['Slack', '/slack/events', 'declared'],
    ['Slack', '/slack/events', 'chunked'],
    ['Teams', '/api/messages', 'declared'],
    ['Teams', '/api/messages', 'chunked'],
  ])(
    '%s (%s): a %s body over the limit gets 413, and the next request on the same agent is answered promptly',
    async (_name, path, length) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      agents.push(agent);
      const url = driver.parley.url;
      // The agent's one connection is open and kept alive.
      expect((await send(agent, `${url}/healthz`, { method: 'GET' })).status).toBe(200);

      const refused = await send(agent, `${url}${path}`, {
        method: 'POST',
        body: Buffer.alloc(5 * 1024 * 1024, 'x'),
        chunked: length === 'chunked',
        timeoutMs: 10_000,
      });
      expect(refused.status).toBe(413);

      const next = await send(agent, `${url}/healthz`, { method: 'GET', timeoutMs: 3_000 });
      expect(next.status).toBe(200);
    },
  );
});
