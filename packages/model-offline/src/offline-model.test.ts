import {
  type ChatMessage,
  type ModelRequest,
  type ModelSource,
  type ModelStreamPart,
  type ModelTool,
  writeSourcesBlock,
} from '@parley/engine';
import { describe, expect, it } from 'vitest';
import { OfflineModel, offlineAnswer } from './offline-model.js';
import {
  chooseTool,
  describeToolResult,
  fillArguments,
  numberLikeTokens,
  offlineToolCall,
  toolResultsAnswer,
} from './offline-tools.js';

const orderTool: ModelTool = {
  name: 'get_order_status',
  description: 'Looks up the status of an order of the demo shop by its order number.',
  parameters: {
    type: 'object',
    properties: { order_id: { type: 'string', pattern: '^[0-9]{3,12}$', description: 'The order number' } },
    required: ['order_id'],
    additionalProperties: false,
  },
};

const weatherTool: ModelTool = {
  name: 'weather_forecast',
  description: 'The weather forecast for a city.',
  parameters: {
    type: 'object',
    properties: {
      city_id: { type: 'integer' },
      unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
    },
    required: ['city_id', 'unit'],
  },
};

const escalateTool: ModelTool = {
  name: 'escalate_to_human',
  description: 'Hands the conversation over to a human agent of the order desk.',
  parameters: { type: 'object', properties: { reason: { type: 'string' } }, required: [] },
};

function request(messages: ChatMessage[], extra: Partial<ModelRequest> = {}): ModelRequest {
  return {
    model: null,
    messages,
    temperature: 0,
    maxTokens: 256,
    tools: [orderTool, weatherTool, escalateTool],
    ...extra,
  };
}

const ask = (question: string, extra: Partial<ModelRequest> = {}) =>
  request([{ role: 'user', content: question }], extra);

/** The passages as the engine gives them to any model: at the end of the system message. */
const withSources = (sources: ModelSource[], messages: ChatMessage[]): ChatMessage[] => [
  { role: 'system', content: `You answer questions about the shop.\n\n${writeSourcesBlock(sources)}` },
  ...messages,
];

async function collect(parts: AsyncIterable<ModelStreamPart>): Promise<ModelStreamPart[]> {
  const all: ModelStreamPart[] = [];
  for await (const part of parts) all.push(part);
  return all;
}

describe('the offline model choosing a tool', () => {
  it('picks the tool whose name and description share the words of the question', () => {
    const tools = [orderTool, weatherTool, escalateTool];
    expect(chooseTool(tools, 'Where is my order #12345?')?.name).toBe('get_order_status');
    expect(chooseTool(tools, 'What is the weather in Paris?')?.name).toBe('weather_forecast');
  });

  it('needs a clear match, and never picks a built-in tool', () => {
    const tools = [orderTool, weatherTool, escalateTool];
    expect(chooseTool(tools, 'How long do I have to return a laptop?')).toBeNull();
    // "number" is only in the description: one weak word is not enough.
    expect(chooseTool(tools, 'What is your phone number?')).toBeNull();
    expect(chooseTool([escalateTool], 'Hand me over to a human agent')).toBeNull();
    const twin = { ...orderTool, name: 'order_status' };
    expect(chooseTool([orderTool, twin], 'Where is my order 12345?')).toBeNull();
  });
});

describe('the offline model filling arguments', () => {
  it('takes a number-like token for an id parameter', () => {
    expect(numberLikeTokens('Where is my order #12345? I ordered 2 things, ref A-123.')).toEqual([
      '12345',
      'A-123',
    ]);
    expect(fillArguments(orderTool.parameters, 'Where is my order #12345?')).toEqual({ order_id: '12345' });
    expect(fillArguments(orderTool.parameters, 'status of order 98765 please')).toEqual({
      order_id: '98765',
    });
    const anyId = {
      type: 'object',
      properties: { ticket_number: { type: 'string' } },
      required: ['ticket_number'],
    };
    expect(fillArguments(anyId, 'Ticket A-123 is stuck')).toEqual({ ticket_number: 'A-123' });
  });

  it('respects the parameter type and pattern', () => {
    // A-123 does not fit ^[0-9]{3,12}$.
    expect(fillArguments(orderTool.parameters, 'Where is order A-123?')).toBeNull();
    expect(fillArguments(weatherTool.parameters, 'Weather for city 7501 in celsius')).toEqual({
      city_id: 7501,
      unit: 'celsius',
    });
  });

  it('takes an enum value the question names, and needs every required parameter', () => {
    expect(fillArguments(weatherTool.parameters, 'Weather for city 7501 in Fahrenheit')).toEqual({
      city_id: 7501,
      unit: 'fahrenheit',
    });
    expect(fillArguments(weatherTool.parameters, 'Weather for city 7501')).toBeNull();
    const free = { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] };
    expect(fillArguments(free, 'Find 12345')).toBeNull();
  });

  it('makes no tool call without a number', () => {
    expect(offlineToolCall(ask('Where is my order?'))).toBeNull();
    expect(offlineToolCall(ask('Where is my order #2?'))).toBeNull();
  });
});

describe('the offline model calling a tool', () => {
  it('returns a tool call from generate, with usage', async () => {
    const result = await new OfflineModel().generate(ask('Where is my order #12345?'));
    expect(result).toMatchObject({
      text: '',
      finishReason: 'tool-calls',
      toolCalls: [{ id: 'call_offline_1', name: 'get_order_status', arguments: '{"order_id":"12345"}' }],
    });
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.usage.outputTokens).toBeGreaterThan(0);
  });

  it('streams the same tool call, then finishes', async () => {
    const parts = await collect(new OfflineModel().stream(ask('Where is my order #12345?')));
    expect(parts).toEqual([
      {
        type: 'tool-call',
        toolCall: { id: 'call_offline_1', name: 'get_order_status', arguments: '{"order_id":"12345"}' },
      },
      { type: 'finish', usage: expect.any(Object), finishReason: 'tool-calls' },
    ]);
  });

  it('answers in text when tools may not be called, or none is asked for', async () => {
    expect(offlineToolCall(ask('Where is my order #12345?', { toolChoice: 'none' }))).toBeNull();
    expect(offlineToolCall(ask('Where is my order #12345?', { tools: [] }))).toBeNull();
    // Asked for without the order number it needs: it says what it can do and asks for the number.
    const result = await new OfflineModel().generate(ask('Where is my order?'));
    expect(result.toolCalls).toEqual([]);
    expect(result.text).toBe(
      'I can look up the status of an order of the demo shop by its order number. What is the order number?',
    );
  });

  it('keeps answering from the passages when no tool is asked for', () => {
    const sources = [
      {
        number: 1,
        document_name: 'policy.pdf',
        page_number: 3,
        text: 'Laptops can be returned within 45 days of delivery.',
      },
    ];
    const question = request(
      withSources(sources, [{ role: 'user', content: 'How long do I have to return a laptop?' }]),
    );
    expect(offlineToolCall(question)).toBeNull();
    expect(offlineAnswer(question)).toBe('Laptops can be returned within 45 days of delivery. [1]');
  });
});

describe('the offline model citing the passages', () => {
  const sources = [
    {
      number: 1,
      document_name: 'shipping.md',
      page_number: 1,
      text: '## Express delivery\n- Express costs 9 euros.\n| Standard | 4 euros |',
    },
    {
      number: 2,
      document_name: 'policy.pdf',
      page_number: 3,
      text: 'Laptops can be returned within 45 days.',
    },
  ];
  const answer = (question: string, given = sources) =>
    offlineAnswer(request(withSources(given, [{ role: 'user', content: question }])));

  it('writes a sentence with the number of the source it comes from, never the file name', () => {
    expect(answer('How long do I have to return a laptop?')).toBe(
      'Laptops can be returned within 45 days. [2]',
    );
    // List and table marks go, and a table row ends with a full stop.
    expect(answer('How much does express cost?')).toBe('Express costs 9 euros. [1]');
    expect(answer('How much is standard delivery?')).toBe('Standard, 4 euros. [1]');
  });

  it('answers with the best sentence of any passage, never a title line', () => {
    // The demo's PDF pages: each opens with a title line.
    const pages = [
      {
        number: 1,
        document_name: 'acme-return-policy.pdf',
        page_number: 1,
        text: 'Acme return policy\n\nThis policy explains how to return or exchange what you bought from the Acme demo shop.\n\nIt applies to orders placed online and in our stores.',
      },
      {
        number: 2,
        document_name: 'acme-return-policy.pdf',
        page_number: 2,
        text: 'General returns\n\nMost items can be returned within 30 days of delivery for a full refund.\n\nItems must be unused and in their original packaging.',
      },
    ];
    // Not "Acme return policy." (the page's title line).
    expect(answer('What is your return policy?', pages)).toBe(
      'This policy explains how to return or exchange what you bought from the Acme demo shop. [1]',
    );
    // The passage ranked second when it has the sentence that answers best.
    expect(answer('Can items be returned for a refund?', pages)).toBe(
      'Most items can be returned within 30 days of delivery for a full refund. [2]',
    );
  });

  it('says plainly when the closest passage may not answer, still citing it by number', () => {
    const text = answer('Zebra?');
    expect(text).toBe(
      'I am not sure this answers your question, but the closest passage I found says: "Express costs 9 euros." [1]',
    );
    expect(answer('Zebra?', [])).toMatch(
      /^I could not find anything about that in the documents I was given/,
    );
  });
});

describe('the offline model answering from a tool result', () => {
  const order = {
    order_id: '12345',
    status: 'shipped',
    carrier: 'Acme Express',
    estimated_delivery: 'in 2 business days',
    items: 2,
  };
  const afterTool = (content: string): ChatMessage[] => [
    { role: 'user', content: 'Where is my order #12345?' },
    {
      role: 'assistant',
      content: '',
      toolCalls: [{ id: 'call_offline_1', name: 'get_order_status', arguments: '{"order_id":"12345"}' }],
    },
    { role: 'tool', toolCallId: 'call_offline_1', content },
  ];

  it('says the top-level fields in plain words, skipping nulls', () => {
    expect(toolResultsAnswer(afterTool(JSON.stringify(order)))).toBe(
      'Order 12345 — status: shipped; carrier: Acme Express; estimated delivery: in 2 business days; items: 2.',
    );
    expect(describeToolResult(JSON.stringify({ ...order, carrier: null, paid: true }))).toBe(
      'Order 12345 — status: shipped; estimated delivery: in 2 business days; items: 2; paid: yes.',
    );
  });

  it('says a failed lookup failed, and what the tool said', () => {
    const failed =
      'Error: the tool failed: HTTP 404\nThe tool answered: {"error":{"code":"not_found","message":"No such order"}}';
    expect(toolResultsAnswer(afterTool(failed))).toBe('I could not look that up: No such order.');
    expect(describeToolResult('Error: the tool failed: timed out')).toBe(
      'I could not look that up (timed out).',
    );
  });

  it('never names the tool, whatever it answered', () => {
    const answers = [
      describeToolResult(JSON.stringify([order, order])),
      describeToolResult('[]'),
      describeToolResult('"on its way"'),
      describeToolResult('not json'),
      describeToolResult('{"error":"No such order"}'),
      toolResultsAnswer([{ role: 'tool', toolCallId: 'unknown', content: '{"ok":true}' }]),
    ];
    expect(answers).toEqual([
      '2 results; the first: Order 12345 — status: shipped; carrier: Acme Express; estimated delivery: in 2 business days; items: 2.',
      'The lookup found nothing.',
      'on its way.',
      'The lookup answered: not json',
      'I could not look that up: No such order.',
      'ok: yes.',
    ]);
  });

  it('answers from the tool result after the call, in generate and stream alike', async () => {
    const model = new OfflineModel();
    const followUp = request(
      withSources(
        [{ number: 1, document_name: 'policy.pdf', page_number: 1, text: 'Orders ship in 2 days.' }],
        afterTool(JSON.stringify(order)),
      ),
    );
    const generated = await model.generate(followUp);
    expect(generated.toolCalls).toEqual([]);
    expect(generated.finishReason).toBe('stop');
    expect(generated.text).toContain('status: shipped');
    const streamed = await collect(model.stream(followUp));
    const text = streamed.map((part) => (part.type === 'text-delta' ? part.text : '')).join('');
    expect(text).toBe(generated.text);
    expect(streamed.some((part) => part.type === 'tool-call')).toBe(false);
  });

  it('is not used when the last message is the user', () => {
    expect(toolResultsAnswer([{ role: 'user', content: 'hi' }])).toBeNull();
  });
});
