import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonCaller } from './support/json-call.js';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';
import { startWebhookReceiver } from './support/webhook-receiver.js';

/** What the console's operate pages (webhooks, channels, analytics, conversations) read over the API. */
describe('the operate API', () => {
  let parley: ParleyHarness;
  const call = jsonCaller(() => parley);
  let appId: string;
  let agentId: string;

  beforeAll(async () => {
    parley = await startParleyHarness({ model: 'offline', environment: { PARLEY_ALLOW_PRIVATE_URLS: '1' } });
    appId = parley.running.demo.appId;
    agentId = parley.running.demo.agentId;
  });
  afterAll(async () => {
    await parley?.stop();
  });

  it('"retry now" sends a failed delivery again, and the log lists both attempts', async () => {
    const receiver = await startWebhookReceiver('whsec_operate_retry_secret');
    try {
      const created = await call('POST', `/v1/apps/${appId}/webhooks`, {
        url: 'http://127.0.0.1:9/nobody-listens',
        events: ['session.started'],
        secret: 'whsec_operate_retry_secret',
      });
      expect(created.status).toBe(201);
      const webhookPath = `/v1/apps/${appId}/webhooks/${created.body.id}`;
      const test = await call('POST', `${webhookPath}/test`);
      expect(test.body).toMatchObject({ status: 'pending', attempts: [{ status_code: null }] });

      await call('PATCH', webhookPath, { url: receiver.url });
      const retried = await call('POST', `${webhookPath}/deliveries/${test.body.id}/retry`);
      expect(retried.status).toBe(200);
      expect(retried.body).toMatchObject({ id: test.body.id, status: 'delivered' });
      expect((retried.body.attempts as { status_code: number | null }[]).map((a) => a.status_code)).toEqual([
        null,
        200,
      ]);
      expect(receiver.events.map((event) => event.event)).toEqual(['webhook.test']);

      const log = await call('GET', `${webhookPath}/deliveries`);
      expect(log.body.data).toEqual([expect.objectContaining({ id: test.body.id, status: 'delivered' })]);
      const elsewhere = await call('POST', `${webhookPath}/deliveries/evt_notadeliveryofthisone/retry`);
      expect(elsewhere.status).toBe(404);
    } finally {
      await receiver.close();
    }
  });

  it('lists Slack and Teams as off with their settings, and hands out the Slack manifest for this server', async () => {
    const channels = await call('GET', '/v1/channels');
    expect(channels.status).toBe(200);
    const [slack, teams] = channels.body.data as Record<string, unknown>[];
    expect(slack).toMatchObject({ platform: 'slack', enabled: false, app_id: null, last_event_at: null });
    expect(teams).toMatchObject({ platform: 'teams', enabled: false, manifest_ready: false });
    expect(slack?.settings).toContainEqual(
      expect.objectContaining({ variable: 'SLACK_BOT_TOKEN', set: false }),
    );

    const manifest = await parley.request('GET', '/v1/channels/slack/manifest');
    expect(manifest.headers.get('content-disposition')).toContain('slack-app-manifest.json');
    const body = (await manifest.json()) as { settings: { event_subscriptions: { request_url: string } } };
    expect(body.settings.event_subscriptions.request_url).toBe(`${parley.url}/slack/events`);
    const teamsPackage = await call('GET', '/v1/channels/teams/app-package');
    expect(teamsPackage).toMatchObject({
      status: 400,
      body: { error: { details: { field: 'MICROSOFT_APP_ID' } } },
    });
  });

  it('analytics add p95, the escalation rate, latency per bucket and the questions left unanswered', async () => {
    const answered = await call('POST', `/v1/apps/${appId}/execute`, {
      message: 'What is your return policy?',
    });
    expect(answered.status).toBe(200);
    const question = 'Do you sell zeppelin spare parts for the moon base?';
    const unanswered = await call('POST', `/v1/apps/${appId}/execute`, { message: question });
    expect(unanswered.status).toBe(200);

    const report = await call('GET', `/v1/apps/${appId}/analytics?interval=day`);
    expect(report.status).toBe(200);
    const totals = report.body.totals as Record<string, unknown> & { latency_ms: Record<string, unknown> };
    expect(totals.sessions).toBeGreaterThanOrEqual(2);
    expect(totals.escalation_rate).toBe(0);
    expect(totals.latency_ms.p95).toEqual(expect.any(Number));
    const series = report.body.series as Record<string, unknown>[];
    expect(series.at(-1)).toMatchObject({ latency_p50: expect.any(Number), latency_p95: expect.any(Number) });
    const unansweredReport = await call('GET', `/v1/apps/${appId}/analytics/unanswered`);
    const { questions, complete } = unansweredReport.body as {
      questions: Record<string, unknown>[];
      complete: boolean;
    };
    expect(complete).toBe(true);
    expect(questions).toContainEqual(
      expect.objectContaining({ question, reason: 'no_source', session_id: unanswered.body.session_id }),
    );
    expect(questions.map((entry) => entry.question)).not.toContain('What is your return policy?');
  });

  it('finds a session by its words and exports it as JSON and Markdown with its citations', async () => {
    const turn = await call('POST', `/v1/apps/${appId}/execute`, {
      message: 'How long do refunds take for returned items?',
      metadata: { userProfile: { name: '<img src=x onerror=alert(1)>' } },
    });
    const sessionId = turn.body.session_id as string;
    const search = await call('GET', `/v1/transcripts?q=${encodeURIComponent('REFUNDS take')}`);
    expect(search.body.data).toContainEqual(
      expect.objectContaining({ type: 'session', id: sessionId, app_id: appId, excerpt_role: 'user' }),
    );
    const byId = await call('GET', `/v1/transcripts?q=${sessionId}`);
    expect(byId.body.data).toEqual([expect.objectContaining({ id: sessionId })]);

    const transcript = await call('GET', `/v1/apps/${appId}/sessions/${sessionId}/transcript`);
    expect(transcript.body).toMatchObject({ type: 'session', id: sessionId, status: 'active' });
    const messages = transcript.body.messages as { role: string; citations: { document_name: string }[] }[];
    expect(messages.map((message) => message.role)).toEqual(['user', 'assistant']);
    const citation = messages[1]?.citations[0];
    expect(citation?.document_name).toEqual(expect.any(String));
    expect(transcript.body.metadata).toEqual({ userProfile: { name: '<img src=x onerror=alert(1)>' } });

    const markdown = await parley.request(
      'GET',
      `/v1/apps/${appId}/sessions/${sessionId}/transcript?format=markdown`,
    );
    expect(markdown.headers.get('content-type')).toMatch(/^text\/markdown/);
    expect(markdown.headers.get('content-disposition')).toBe(`attachment; filename="${sessionId}.md"`);
    const text = await markdown.text();
    expect(text).toContain('How long do refunds take for returned items?');
    expect(text).toContain(`${citation?.document_name}, page`);

    await call('DELETE', `/v1/apps/${appId}/sessions/${sessionId}`);
    const ended = await call('GET', `/v1/apps/${appId}/sessions/${sessionId}/transcript`);
    expect(ended.body).toMatchObject({ status: 'ended' });
  });

  it('exports an agent conversation too', async () => {
    const chat = await call('POST', `/v1/agents/${agentId}/chat`, { message: 'What is the return window?' });
    const conversationId = chat.body.conversation_id as string;
    const found = await call('GET', '/v1/transcripts?q=return%20window');
    expect(found.body.data).toContainEqual(
      expect.objectContaining({ type: 'conversation', id: conversationId, agent_id: agentId }),
    );
    const transcript = await call('GET', `/v1/agents/${agentId}/conversations/${conversationId}/transcript`);
    expect(transcript.body).toMatchObject({ type: 'conversation', agent_id: agentId });
    expect((transcript.body.messages as unknown[]).length).toBe(2);
    const missing = await call('GET', `/v1/agents/${agentId}/conversations/conv_missingmissing/transcript`);
    expect(missing.status).toBe(404);
  });
});
