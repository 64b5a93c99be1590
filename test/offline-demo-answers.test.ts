/**
 * What a new user reads from the demo app with the built-in offline model, over HTTP: the
 * `curl` of the first-start banner ("Hello!"), small talk, and answers that read as sentences
 * with numbered citations, never naming a file or an internal tool in the text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ParleyHarness, readEventStream, startParleyHarness } from './support/parley-harness.js';

describe('the demo app answering with the offline model', () => {
  let parley: ParleyHarness;
  beforeAll(async () => {
    parley = await startParleyHarness({ model: 'offline' });
  });
  afterAll(async () => {
    await parley?.stop();
  });

  /** Execute without streaming, as the banner's curl does; each call in a new session. */
  const execute = async (message: string) => {
    const response = await parley.request('POST', `/v1/apps/${parley.running.demo.appId}/execute`, {
      message,
    });
    expect(response.status).toBe(200);
    return (await response.json()) as { response: string; tools_used: string[] };
  };

  it('answers the first-start curl ("Hello!") by greeting and saying what it is and answers from', async () => {
    const { response } = await execute('Hello!');
    expect(response).not.toMatch(/could not find anything/i);
    expect(response).toMatch(/^Hello!/);
    expect(response).toContain('offline demo assistant');
    expect(response).toContain('not a real language model');
    expect(response).toContain('documents');
    expect(response).toContain('look up the status of an order');
    expect(response).not.toMatch(/get_order_status|search_knowledge|escalate_to_human/);
  });

  it('answers thanks, "who are you", "what can you do" and goodbye without "nothing found"', async () => {
    const answers = await Promise.all(
      ['hi', 'Thanks!', 'Who are you?', 'What can you do?', 'bye'].map(execute),
    );
    for (const { response } of answers) {
      expect(response).not.toMatch(/could not find anything|get_order_status/i);
    }
    const [hi, thanks, who, can, bye] = answers.map((answer) => answer.response);
    expect(hi).toMatch(/^Hello!/);
    expect(thanks).toMatch(/^Glad I could help/);
    expect(who).toContain('not a real language model');
    expect(can).toContain('documents');
    expect(bye).toMatch(/^Goodbye/);
  });

  it('streams the greeting with no citation', async () => {
    const events = await readEventStream(
      await parley.request('POST', `/v1/apps/${parley.running.demo.appId}/execute/stream`, {
        message: 'Hello!',
      }),
    );
    expect(events.some((event) => event.event === 'citation')).toBe(false);
    const text = events
      .filter((event) => event.event === 'token')
      .map((event) => event.data.content)
      .join('');
    expect(text).toContain('offline demo assistant');
  });

  it('says an order lookup in words, without the tool name', async () => {
    const { response, tools_used } = await execute('Where is my order #12345?');
    expect(tools_used).toContain('get_order_status');
    expect(response).toMatch(/^Order 12345 — status: /);
    expect(response).not.toContain('get_order_status');
    expect(response).not.toContain('(from ');
  });

  it("asks for the order number when the reference example's question names none", async () => {
    // The reference document's own example: "What's my order status?" with no order number.
    const response = await parley.request('POST', `/v1/apps/${parley.running.demo.appId}/execute/stream`, {
      message: "What's my order status?",
    });
    const events = await readEventStream(response);
    const text = events
      .filter((event) => event.event === 'token')
      .map((event) => event.data.content)
      .join('');
    expect(text).toMatch(/order number/i);
    expect(text).toMatch(/\?$/);
    expect(text).not.toMatch(/delivery|\[\d+\]/i);
    expect(events.filter((event) => event.event === 'citation')).toEqual([]);
    const [order] = await Promise.all([execute('What is the status of order 12345?')]);
    expect(order?.response).toMatch(/^Order 12345 — status: /);
  });

  it('answers the return question with a sentence and a numbered citation of page 3', async () => {
    const events = await readEventStream(
      await parley.request('POST', `/v1/apps/${parley.running.demo.appId}/execute/stream`, {
        message: 'How long do I have to return a laptop?',
      }),
    );
    const text = events
      .filter((event) => event.event === 'token')
      .map((event) => event.data.content)
      .join('');
    expect(text).not.toContain('According to');
    expect(text).not.toContain('acme-return-policy.pdf');
    expect(text).toMatch(/^[A-Z][^[\]]*45 days[^[\]]*\. \[\d+\]$/);
    const citations = events.filter((event) => event.event === 'citation').map((event) => event.data);
    const marker = Number(/\[(\d+)\]$/.exec(text)?.[1]);
    expect(citations).toEqual([
      expect.objectContaining({ id: marker, document_name: 'acme-return-policy.pdf', page_number: 3 }),
    ]);
    expect(String(citations[0]?.excerpt)).toContain('45 days');
  });
});
