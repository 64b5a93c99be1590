import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cors } from './index.js';

let server: Server;
let url: string;

beforeAll(async () => {
  const app = express();
  app.use(cors());
  app.all('/v1/apps', (_request, response) => {
    response.json({ data: [] });
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/apps`;
});

afterAll(() => {
  server.close();
});

describe('cors', () => {
  it('answers a preflight with 204 and the methods and headers a page may use', async () => {
    const answer = await fetch(url, { method: 'OPTIONS', headers: { origin: 'https://shop.example' } });
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(answer.headers.get('access-control-allow-methods')).toBe('GET, POST, PATCH, DELETE, OPTIONS');
    // `Last-Event-ID`: an `EventSource` reconnecting to a session's notifications sends it.
    expect(answer.headers.get('access-control-allow-headers')).toBe(
      'Authorization, Content-Type, Last-Event-ID',
    );
    expect(answer.headers.get('access-control-max-age')).toBe('600');
  });

  it('lets a page read the rate-limit headers of an answer', async () => {
    const answer = await fetch(url, { headers: { origin: 'https://shop.example' } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(answer.headers.get('vary')).toBe('Origin');
    expect(answer.headers.get('access-control-expose-headers')).toContain('Retry-After');
    expect(answer.headers.get('access-control-expose-headers')).toContain('X-RateLimit-Remaining');
  });

  it('adds nothing for a call without an Origin (a server, not a page)', async () => {
    const answer = await fetch(url);
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });
});
