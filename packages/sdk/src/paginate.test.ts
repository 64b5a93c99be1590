import { afterAll, beforeAll, expect, it } from 'vitest';
import { type FakeServer, sendJson, startFakeServer } from '../test/support/fake-server.js';
import { AgentPlatform, type App, paginate } from './index.js';

let fake: FakeServer;

beforeAll(async () => {
  fake = await startFakeServer();
});
afterAll(() => fake.close());

it('walks every page by its cursor', async () => {
  const pages: Record<
    string,
    { data: Array<Pick<App, 'id'>>; has_more: boolean; next_cursor: string | null }
  > = {
    first: { data: [{ id: 'app_1' }, { id: 'app_2' }], has_more: true, next_cursor: 'c_2' },
    c_2: { data: [{ id: 'app_3' }], has_more: true, next_cursor: 'c_3' },
    c_3: { data: [], has_more: false, next_cursor: null },
  };
  fake.answer((received, response) => {
    const cursor = new URL(received.url, fake.origin).searchParams.get('cursor') ?? 'first';
    sendJson(response, 200, pages[cursor]);
  });
  const client = new AgentPlatform({ apiKey: 'sk_x', baseUrl: fake.origin });
  const ids: string[] = [];
  for await (const app of paginate((page) => client.apps.list({ ...page, limit: 2 }))) ids.push(app.id);
  expect(ids).toEqual(['app_1', 'app_2', 'app_3']);
  expect(fake.received.map((received) => received.url)).toEqual([
    '/v1/apps?limit=2',
    '/v1/apps?limit=2&cursor=c_2',
    '/v1/apps?limit=2&cursor=c_3',
  ]);
});

it('works with an unbound list method', async () => {
  fake.answer((_received, response) =>
    sendJson(response, 200, { data: [{ id: 'key_1' }], has_more: false, next_cursor: null }),
  );
  const client = new AgentPlatform({ apiKey: 'sk_x', baseUrl: fake.origin });
  const ids: string[] = [];
  for await (const key of paginate(client.keys.list)) ids.push(key.id);
  expect(ids).toEqual(['key_1']);
});
