import { describe, expect, it } from 'vitest';
import { useFakeApi } from '../../test/support/fake-api.js';
import { replyJson } from '../../test/support/fake-server.js';

const api = useFakeApi();

const counters = {
  sessions: 3,
  messages: 8,
  user_messages: 4,
  assistant_messages: 4,
  human_agent_messages: 0,
  escalations: 1,
  tool_calls: 0,
  input_tokens: 303,
  output_tokens: 30,
  feedback_up: 1,
  feedback_down: 1,
};

const report = {
  app_id: 'app_1',
  from: '2024-01-14T14:00:00Z',
  to: '2024-01-15T14:30:00Z',
  interval: 'hour',
  totals: { ...counters, tool_use: {}, latency_ms: { p50: 120, p90: 300, p99: 310, count: 4 } },
  series: [{ start: '2024-01-15T14:00:00Z', ...counters }],
};

describe('analytics', () => {
  it('asks for the app with from, to and interval in the query', async () => {
    api.fake.answer(replyJson(report));
    expect(
      await api.client.analytics({
        appId: 'app_1',
        from: '2024-01-14T14:00:00Z',
        to: new Date('2024-01-15T14:30:00Z'),
        interval: 'hour',
      }),
    ).toEqual(report);
    const url = new URL(api.last().url, 'http://fake');
    expect([api.last().method, url.pathname]).toEqual(['GET', '/v1/apps/app_1/analytics']);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      from: '2024-01-14T14:00:00Z',
      to: '2024-01-15T14:30:00.000Z',
      interval: 'hour',
    });
  });

  it('sends no query without from, to or interval, and works detached from the client', async () => {
    api.fake.answer(replyJson(report));
    const { analytics } = api.client;
    await analytics({ appId: 'app_1' }, { headers: { 'X-Call': 'report' } });
    expect(api.last().url).toBe('/v1/apps/app_1/analytics');
    expect(api.last().headers['x-call']).toBe('report');
  });
});
