import { type ChatMessage, type ModelRequest, type ModelTool, writeSourcesBlock } from '@parley/engine';
import { describe, expect, it } from 'vitest';
import { OfflineModel, offlineAnswer } from './offline-model.js';
import { smallTalkKinds, whatToolsDo } from './small-talk.js';

const orderTool: ModelTool = {
  name: 'get_order_status',
  description: 'Looks up the status of an order of the demo shop by its order number.',
  parameters: {
    type: 'object',
    properties: { order_id: { type: 'string', pattern: '^[0-9]{3,12}$' } },
    required: ['order_id'],
  },
};

const escalateTool: ModelTool = {
  name: 'escalate_to_human',
  description: 'Hands the conversation over to a human agent.',
  parameters: { type: 'object', properties: {}, required: [] },
};

/** A turn of an agent with documents (no passage matched the greeting) and the demo's order tool. */
function demoTurn(question: string, knowledge = true, tools = [orderTool, escalateTool]): ModelRequest {
  const messages: ChatMessage[] = [
    {
      role: 'system',
      content: `You are the assistant of the Acme demo shop.${knowledge ? `\n\n${writeSourcesBlock([])}` : ''}`,
    },
    { role: 'user', content: question },
  ];
  return { model: null, messages, temperature: 0, maxTokens: 256, tools };
}

describe('the offline model recognising small talk', () => {
  it('knows greetings, thanks, farewells and questions about itself', () => {
    expect(smallTalkKinds('Hello!')).toEqual(['greeting']);
    expect(smallTalkKinds('hi')).toEqual(['greeting']);
    expect(smallTalkKinds('Hey there 👋')).toEqual(['greeting']);
    expect(smallTalkKinds('Good morning, how are you?')).toEqual(['greeting']);
    expect(smallTalkKinds('Thanks a lot!')).toEqual(['thanks']);
    expect(smallTalkKinds('thank you so much')).toEqual(['thanks']);
    expect(smallTalkKinds('Who are you?')).toEqual(['identity']);
    expect(smallTalkKinds('Are you a bot?')).toEqual(['identity']);
    expect(smallTalkKinds('What can you do?')).toEqual(['capabilities']);
    expect(smallTalkKinds('help')).toEqual(['capabilities']);
    expect(smallTalkKinds('Bye!')).toEqual(['farewell']);
    expect(smallTalkKinds('ok, goodbye')).toEqual(['thanks', 'farewell']);
    expect(smallTalkKinds("Hi! What's your name?")).toEqual(['greeting', 'identity']);
  });

  it('leaves real questions to the documents, even after a greeting', () => {
    expect(smallTalkKinds('Hello! What is your return policy?')).toEqual([]);
    expect(smallTalkKinds('How long do I have to return a laptop?')).toEqual([]);
    expect(smallTalkKinds('Where is my order #12345?')).toEqual([]);
    expect(smallTalkKinds('Help me return my laptop')).toEqual([]);
    expect(smallTalkKinds('Zebra quantum marmalade?')).toEqual([]);
    expect(smallTalkKinds('')).toEqual([]);
    expect(smallTalkKinds('!!!')).toEqual([]);
  });
});

describe('the offline model describing its tools', () => {
  it('says what the agent’s own tools do in words, never their names', () => {
    expect(whatToolsDo([orderTool, escalateTool])).toEqual([
      'look up the status of an order of the demo shop by its order number',
    ]);
    const weather = {
      ...orderTool,
      name: 'weather_forecast',
      description: 'The weather forecast for a city.',
    };
    const search = {
      ...orderTool,
      name: 'search_catalog',
      description: 'Searches the catalog. Returns JSON.',
    };
    const status = { ...orderTool, name: 'ticket', description: 'Status of a support ticket.' };
    expect(whatToolsDo([weather, search, status])).toEqual([
      'look up the weather forecast for a city',
      'search the catalog',
      'look up status of a support ticket',
    ]);
    expect(whatToolsDo([{ ...orderTool, description: '' }])).toEqual([]);
  });
});

describe('the offline model answering small talk', () => {
  it('greets back, says it is an offline demo assistant, and what it answers from', () => {
    const answer = offlineAnswer(demoTurn('Hello!'));
    expect(answer).toMatch(/^Hello!/);
    expect(answer).toContain('offline demo assistant');
    expect(answer).toContain('not a real language model');
    expect(answer).toContain('documents');
    expect(answer).toContain('look up the status of an order of the demo shop by its order number');
    expect(answer).not.toMatch(/could not find|get_order_status|escalate_to_human/);
  });

  it('answers who it is and what it can do honestly', () => {
    const who = offlineAnswer(demoTurn('Who are you?'));
    expect(who).toContain('offline demo assistant');
    expect(who).toContain('not a real language model');
    expect(who).toContain('OPENAI_API_KEY');
    const can = offlineAnswer(demoTurn('What can you do?'));
    expect(can).toContain('documents');
    // No literal marker: the engine would take it for a citation of source 1.
    expect(can).not.toMatch(/\[\d+\]/);
    expect(can).toContain('look up the status of an order');
    expect(`${who} ${can}`).not.toMatch(/get_order_status|escalate_to_human|could not find/);
  });

  it('answers thanks and goodbye briefly, still saying what it answers from', () => {
    const thanks = offlineAnswer(demoTurn('Thanks!'));
    expect(thanks).toMatch(/^Glad I could help/);
    expect(thanks).toContain('documents');
    expect(offlineAnswer(demoTurn('bye'))).toMatch(/^Goodbye/);
    expect(offlineAnswer(demoTurn('Hi, who are you?'))).toMatch(/^Hello! I am/);
  });

  it('says so when the agent has no documents and no tools', () => {
    const answer = offlineAnswer(demoTurn('hi', false, []));
    expect(answer).toContain('offline demo assistant');
    expect(answer).toContain('no documents');
    expect(answer).not.toContain('look up');
    expect(offlineAnswer(demoTurn('hey', false))).toContain(
      'I have no documents to answer from, but I can look up the status of an order',
    );
  });

  it('streams the same answer it generates', async () => {
    const model = new OfflineModel();
    const generated = await model.generate(demoTurn('Hello!'));
    let streamed = '';
    for await (const part of model.stream(demoTurn('Hello!')))
      if (part.type === 'text-delta') streamed += part.text;
    expect(generated.toolCalls).toEqual([]);
    expect(streamed).toBe(generated.text);
  });
});
