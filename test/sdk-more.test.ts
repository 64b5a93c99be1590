/**
 * The SDK's datastores, documents, definitions, webhooks, handoff and analytics methods against a
 * real Parley server over HTTP, with the local OpenAI-compatible server as the model.
 */
import { AgentPlatform, type DatastoreDocument, paginate, verifyWebhookSignature } from '@parley/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenAiTestServer } from './support/openai-server.js';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';
import { isoTimestamp, rejection, shippingGuidePdf, startReceiver } from './support/sdk-helpdesk.js';

let parley: ParleyHarness;
let model: OpenAiTestServer;
let client: AgentPlatform;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let agentId: string;

beforeAll(async () => {
  parley = await startParleyHarness({ environment: { PARLEY_ALLOW_PRIVATE_URLS: '1' } });
  if (!parley.modelServer) throw new Error('the harness should run with the local model server');
  model = parley.modelServer;
  client = new AgentPlatform({ apiKey: parley.adminKey, baseUrl: parley.url });
  receiver = await startReceiver();
  agentId = (await client.agents.create({ name: 'returns_agent', system_prompt: 'Answer from the sources.' }))
    .id;
});

afterAll(async () => {
  await parley?.stop();
  await receiver?.close();
});

describe('datastores and documents', () => {
  it('uploads a text document and a PDF, waits until both are ready, and the agent cites them', async () => {
    const datastore = await client.datastores.create({
      name: 'Policies',
      description: 'Returns and shipping',
    });
    expect(datastore).toMatchObject({
      name: 'Policies',
      description: 'Returns and shipping',
      document_count: 0,
    });
    expect(datastore.id).toMatch(/^ds_/);

    const text = await client.documents.uploadText(datastore.id, {
      name: 'returns.md',
      text: '# Returns\n\nLaptops can be returned within 45 days of delivery, with their charger.',
    });
    const pdf = await client.documents.upload(datastore.id, {
      file: await shippingGuidePdf(),
      name: 'shipping-guide.pdf',
      contentType: 'application/pdf',
    });
    for (const uploaded of [text, pdf]) {
      expect(uploaded.status).toBe('processing');
      expect(uploaded.datastore_id).toBe(datastore.id);
      expect(uploaded.created_at).toMatch(isoTimestamp);
    }
    expect(pdf).toMatchObject({ name: 'shipping-guide.pdf', content_type: 'application/pdf' });

    const wait = (document: DatastoreDocument) =>
      client.documents.waitUntilProcessed(datastore.id, document.id, { intervalMs: 25, timeoutMs: 20_000 });
    const [textReady, pdfReady] = await Promise.all([wait(text), wait(pdf)]);
    expect(textReady).toMatchObject({ id: text.id, status: 'ready', error: null });
    expect(pdfReady).toMatchObject({ id: pdf.id, status: 'ready', error: null, page_count: 2 });
    expect(pdfReady.chunk_count).toBeGreaterThan(0);

    const listed: string[] = [];
    for await (const document of paginate((page) => client.documents.list(datastore.id, page), {
      limit: 1,
    })) {
      listed.push(document.id);
    }
    expect(listed.sort()).toEqual([text.id, pdf.id].sort());
    expect((await client.datastores.get(datastore.id)).document_count).toBe(2);

    const connected = await client.agents.connectDatastore(agentId, datastore.id);
    expect(connected.datastores).toEqual([datastore.id]);

    model.enqueue({ content: 'It is 45 days [1].' });
    const answer = await client.agents.chat(agentId, {
      message: 'How many days do I have to return a laptop?',
    });
    expect(answer.content).toBe('It is 45 days [1].');
    expect(answer.citations).toHaveLength(1);
    expect(answer.citations[0]).toMatchObject({
      id: 1,
      document_id: text.id,
      document_name: 'returns.md',
      page_number: 1,
    });
    expect(answer.citations[0]?.excerpt).toContain('45 days');

    model.enqueue({ content: 'Within two business days [1].' });
    const fromPdf = await client.agents.chat(agentId, {
      message: 'When do parcels leave the warehouse?',
      conversationId: answer.conversation_id,
    });
    expect(fromPdf.citations[0]).toMatchObject({
      id: 1,
      document_id: pdf.id,
      document_name: 'shipping-guide.pdf',
      page_number: 2,
    });
    expect(fromPdf.citations[0]?.excerpt).toContain('two business days');

    const renamed = await client.datastores.update(datastore.id, { name: 'Customer policies' });
    expect(renamed).toMatchObject({
      id: datastore.id,
      name: 'Customer policies',
      description: 'Returns and shipping',
    });
    expect(await client.documents.delete(datastore.id, pdf.id)).toEqual({ id: pdf.id, deleted: true });
    expect((await client.documents.list(datastore.id)).data.map((document) => document.id)).toEqual([
      text.id,
    ]);
    expect((await rejection(client.documents.get(datastore.id, pdf.id))).code).toBe('not_found');
    expect((await client.datastores.list()).data.map((item) => item.id)).toContain(datastore.id);

    expect(await client.datastores.delete(datastore.id)).toEqual({ id: datastore.id, deleted: true });
    const gone = await rejection(client.datastores.get(datastore.id));
    expect([gone.status, gone.code]).toEqual([404, 'not_found']);
    expect((await client.agents.get(agentId)).datastores).toEqual([]);
  });
});

describe('definitions', () => {
  it('creates, reads, lists, updates and deletes a definition the agent applies', async () => {
    const created = await client.definitions.create({
      name: 'Restocking fee',
      type: 'rule',
      content: 'Opened laptops carry a 10% restocking fee.',
      aliases: ['restock charge'],
      agentIds: [agentId],
    });
    expect(created).toMatchObject({
      name: 'Restocking fee',
      type: 'rule',
      aliases: ['restock charge'],
      agent_ids: [agentId],
    });
    expect(created.created_at).toMatch(isoTimestamp);
    expect(await client.definitions.get(created.id)).toEqual(created);

    const all: string[] = [];
    for await (const definition of paginate((page) => client.definitions.list(page))) all.push(definition.id);
    expect(all).toContain(created.id);

    const updated = await client.definitions.update(created.id, {
      content: 'Opened laptops carry a 15% restocking fee.',
      aliases: ['restock charge', 'return fee'],
    });
    expect(updated).toMatchObject({
      id: created.id,
      content: 'Opened laptops carry a 15% restocking fee.',
      aliases: ['restock charge', 'return fee'],
      agent_ids: [agentId],
    });

    model.enqueue({ content: 'Yes, 15%.' });
    const answer = await client.agents.chat(agentId, {
      message: 'Is there a return fee on an opened laptop?',
    });
    expect(answer.applied_definitions).toEqual([{ id: created.id, name: 'Restocking fee', type: 'rule' }]);
    expect(String(model.requests.at(-1)?.body.messages?.[0]?.content)).toContain('15% restocking fee');

    expect(await client.definitions.delete(created.id)).toEqual({ id: created.id, deleted: true });
    expect((await rejection(client.definitions.get(created.id))).status).toBe(404);
  });
});

describe('webhooks and handoff', () => {
  let appId: string;
  let webhookId: string;

  beforeAll(async () => {
    appId = (await client.apps.create({ name: 'Helpdesk', agents: [agentId] })).id;
  });

  it('creates a webhook whose test delivery the receiver verifies with verifyWebhookSignature', async () => {
    const created = await client.webhooks.create(appId, {
      url: receiver.url,
      events: ['conversation.escalated'],
    });
    expect(created).toMatchObject({ app_id: appId, url: receiver.url, events: ['conversation.escalated'] });
    expect(created.secret.length).toBeGreaterThanOrEqual(16);
    expect(created.secret_masked).not.toContain(created.secret);
    webhookId = created.id;
    receiver.state.secret = created.secret;

    const listed = await client.webhooks.list(appId);
    expect(listed.data.map((webhook) => webhook.id)).toEqual([webhookId]);
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    expect(await client.webhooks.get(appId, webhookId)).toMatchObject({ id: webhookId, url: receiver.url });

    const tested = await client.webhooks.test(appId, webhookId);
    expect(tested).toMatchObject({ webhook_id: webhookId, event: 'webhook.test', status: 'delivered' });
    expect(tested.attempts).toEqual([expect.objectContaining({ status_code: 200, error: null })]);
    const received = await receiver.waitFor((delivery) => delivery.eventId === tested.id);
    expect(received).toMatchObject({ event: 'webhook.test', verified: true });
    expect(received.signature).toMatch(/^[0-9a-f]{64}$/);
    const tampered = Buffer.from(received.rawBody.toString('utf8').replace('webhook.test', 'webhook.fake'));
    expect(await verifyWebhookSignature(tampered, received.signature, created.secret)).toBe(false);
  });

  it('escalates → a person answers → resolves, rates an answer, and counts it all in analytics', async () => {
    const session = await client.sessions.create({ appId, userId: 'user_ann' });
    const ref = { appId, sessionId: session.session_id };
    model.enqueue({ content: 'Your parcel left our warehouse yesterday.' });
    const first = await client.execute({ ...ref, message: 'Where is my parcel?' });
    expect(first.response).toBe('Your parcel left our warehouse yesterday.');

    const escalation = await client.sessions.escalate(ref);
    expect(escalation).toMatchObject({ session_id: session.session_id, escalated: true });
    expect(escalation.escalated_at).toMatch(isoTimestamp);
    expect(escalation.message).not.toBe('');
    const announced = await receiver.waitFor(
      (delivery) =>
        delivery.event === 'conversation.escalated' && delivery.data['session_id'] === session.session_id,
    );
    expect(announced.verified).toBe(true);
    expect(announced.data).toMatchObject({ reason: 'user_requested' });

    const modelCalls = model.requests.length;
    const whileEscalated = await client.execute({ ...ref, message: 'Hello? Anyone there?' });
    expect(whileEscalated).toMatchObject({ response: '', escalated: true });
    expect(model.requests.length).toBe(modelCalls);

    const human = await client.sessions.postHumanMessage({
      ...ref,
      content: 'Hi, Dana here. Your parcel arrives tomorrow.',
      author: 'Dana',
    });
    expect(human).toMatchObject({
      session_id: session.session_id,
      role: 'human_agent',
      content: 'Hi, Dana here. Your parcel arrives tomorrow.',
      author: 'Dana',
    });
    expect(human.timestamp).toMatch(isoTimestamp);

    expect(await client.sessions.resolve(ref)).toEqual({ session_id: session.session_id, escalated: false });
    model.enqueue({ content: 'Glad Dana could help.' });
    const after = await client.execute({ ...ref, message: 'Thanks!' });
    expect(after.response).toBe('Glad Dana could help.');
    expect(after.escalated).toBeUndefined();

    const history = await client.sessions.history(ref);
    // The escalation notice the user was shown is stored as an assistant message.
    expect(history.messages.map((message) => [message.role, message.content])).toEqual([
      ['user', 'Where is my parcel?'],
      ['assistant', 'Your parcel left our warehouse yesterday.'],
      ['assistant', escalation.message],
      ['user', 'Hello? Anyone there?'],
      ['human_agent', 'Hi, Dana here. Your parcel arrives tomorrow.'],
      ['user', 'Thanks!'],
      ['assistant', 'Glad Dana could help.'],
    ]);
    expect(history.messages[4]).toMatchObject({ id: human.id, author: 'Dana' });

    const answer = history.messages[1];
    if (!answer) throw new Error('the first answer should be in the history');
    const feedback = await client.sessions.rate({
      ...ref,
      messageId: answer.id,
      rating: 'up',
      comment: 'Clear',
    });
    expect(feedback).toMatchObject({
      message_id: answer.id,
      session_id: session.session_id,
      rating: 'up',
      comment: 'Clear',
    });
    expect((await client.sessions.history(ref)).messages[1]?.feedback).toMatchObject({ rating: 'up' });
    const wrongMessage = await rejection(
      client.sessions.rate({ ...ref, messageId: 'msg_unknown', rating: 'down' }),
    );
    expect(wrongMessage.status).toBe(404);

    const report = await client.analytics({
      appId,
      interval: 'hour',
      from: new Date(Date.now() - 3_600_000),
    });
    expect(report).toMatchObject({ app_id: appId, interval: 'hour' });
    expect(report.totals).toMatchObject({
      sessions: 1,
      messages: 7,
      user_messages: 3,
      assistant_messages: 3,
      human_agent_messages: 1,
      escalations: 1,
      feedback_up: 1,
      feedback_down: 0,
    });
    expect(report.totals.latency_ms.count).toBe(2);
    expect(report.series.reduce((sum, bucket) => sum + bucket.messages, 0)).toBe(7);
  });

  it('rotates the secret, updates, lists deliveries and deletes the webhook', async () => {
    const oldSecret = receiver.state.secret;
    const rotated = await client.webhooks.rotateSecret(appId, webhookId);
    expect(rotated.secret).not.toBe(oldSecret);
    receiver.state.secret = rotated.secret;
    const tested = await client.webhooks.test(appId, webhookId);
    expect(tested.status).toBe('delivered');
    const received = await receiver.waitFor((delivery) => delivery.eventId === tested.id);
    expect(received.verified).toBe(true);
    expect(await verifyWebhookSignature(received.rawBody, received.signature, oldSecret)).toBe(false);

    const updated = await client.webhooks.update(appId, webhookId, {
      events: ['conversation.escalated', 'session.ended'],
    });
    expect(updated.events).toEqual(['conversation.escalated', 'session.ended']);

    const deliveries: string[] = [];
    for await (const delivery of paginate((page) => client.webhooks.deliveries(appId, webhookId, page), {
      limit: 1,
    })) {
      deliveries.push(delivery.event);
    }
    expect(deliveries).toEqual(['webhook.test', 'conversation.escalated', 'webhook.test']);

    expect(await client.webhooks.delete(appId, webhookId)).toEqual({ id: webhookId, deleted: true });
    expect((await rejection(client.webhooks.get(appId, webhookId))).code).toBe('not_found');
  });
});
