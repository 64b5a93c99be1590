import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';

async function billingAndShipping(parley: ParleyHarness, routing: 'auto' | 'first') {
  const billing = await (
    await parley.request('POST', '/v1/agents', {
      name: 'Billing',
      description: 'Invoices, payments, refunds and charges on your card',
    })
  ).json();
  const shipping = await (
    await parley.request('POST', '/v1/agents', {
      name: 'Shipping',
      description: 'Deliveries, parcels, tracking numbers and shipping times',
    })
  ).json();
  const app = await (
    await parley.request('POST', '/v1/apps', {
      name: `Support ${routing}`,
      agents: [billing.id, shipping.id],
      routing,
    })
  ).json();
  return { app, billing, shipping };
}

async function ask(parley: ParleyHarness, appId: string, message: string, sessionId?: string) {
  const response = await parley.request('POST', `/v1/apps/${appId}/execute`, {
    message,
    ...(sessionId ? { session_id: sessionId } : {}),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { agent: string; agent_id: string; session_id: string; response: string };
}

describe('routing with the offline model', () => {
  let parley: ParleyHarness;
  beforeAll(async () => {
    parley = await startParleyHarness({ model: 'offline' });
  });
  afterAll(async () => {
    await parley?.stop();
  });

  it('sends each question to the agent whose description fits, and names it', async () => {
    const { app, billing, shipping } = await billingAndShipping(parley, 'auto');
    const charged = await ask(parley, app.id, 'Why was my card charged twice?');
    expect(charged).toMatchObject({ agent: 'Billing', agent_id: billing.id });
    const parcel = await ask(
      parley,
      app.id,
      'Where is my parcel? I need the tracking number',
      charged.session_id,
    );
    expect(parcel).toMatchObject({ agent: 'Shipping', agent_id: shipping.id });
    const unclear = await ask(parley, app.id, 'Thanks!', charged.session_id);
    expect(unclear.agent).toBe('Shipping');
    const history = await (
      await parley.request('GET', `/v1/apps/${app.id}/sessions/${charged.session_id}/history`)
    ).json();
    expect(
      history.messages
        .filter((message: { role: string }) => message.role === 'assistant')
        .map((message: { agent: string }) => message.agent),
    ).toEqual(['Billing', 'Shipping', 'Shipping']);
  });

  it('always answers with the first agent when routing is first', async () => {
    const { app } = await billingAndShipping(parley, 'first');
    expect((await ask(parley, app.id, 'Where is my parcel?')).agent).toBe('Billing');
  });
});

describe('routing with a model', () => {
  let parley: ParleyHarness;
  beforeAll(async () => {
    parley = await startParleyHarness();
  });
  afterAll(async () => {
    await parley?.stop();
  });

  it('lets the model pick when the description match is not clear, and skips that call when it is', async () => {
    const { app, shipping } = await billingAndShipping(parley, 'auto');
    const model = parley.modelServer;
    if (!model) throw new Error('needs the model server');
    model.enqueue({ content: '2' }, { content: 'It left our warehouse yesterday.' });
    const picked = await ask(parley, app.id, 'My order from Tuesday has not arrived yet');
    expect(picked).toMatchObject({
      agent: 'Shipping',
      agent_id: shipping.id,
      response: 'It left our warehouse yesterday.',
    });
    const routingCall = model.requests.at(-2)?.body;
    expect(String(routingCall?.messages?.[0]?.content)).toContain('2. Shipping: Deliveries, parcels');
    const callsBefore = model.requests.length;
    model.enqueue({ content: 'Refunds take 5 days.' });
    const clear = await ask(parley, app.id, 'When will my refund reach my card?');
    expect(clear.agent).toBe('Billing');
    expect(model.requests.length).toBe(callsBefore + 1);
  });
});
