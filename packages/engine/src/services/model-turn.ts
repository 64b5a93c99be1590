import type { EngineContext } from '../context.js';
import type { TurnEventListener } from '../events.js';
import type { ChatMessage, ModelRequest, ModelToolCall, ModelUsage } from '../model/chat-model.js';
import { estimateTokens, splitIntoTokens } from '../model/estimate-tokens.js';
import type { HttpTool } from '../tools/http-tool.js';
import type { TokenUsage } from '../types.js';
import { runToolCalls } from './tool-calls.js';

/** Model calls in one turn, the first included: after the last, the model answers with what it has. */
export const maxModelCallsPerTurn = 5;

export const escalateToolName = 'escalate_to_human';

/** How the turn reaches its caller: streamed tokens and events, and the client's signal. */
export interface TurnChannel {
  stream: boolean;
  signal?: AbortSignal;
  onEvent?: TurnEventListener;
}

export interface ModelTurnInput {
  /** The first request: its messages and tools; later calls add the tool calls and their results. */
  modelRequest: ModelRequest;
  httpTools: HttpTool[];
  /** `escalate_to_human` is offered: a call to it ends the loop and hands the thread over. */
  canEscalate: boolean;
}

export interface ModelTurnOutcome {
  /** All the model's text, as streamed: the concatenated `token` events. */
  text: string;
  /** Summed over every model call. */
  usage: TokenUsage;
  toolsUsed: string[];
  /** The model called `escalate_to_human`. */
  escalate: boolean;
  /** The model still called tools when no call was left. */
  exhausted: boolean;
  /** What stopped a model call (a provider error or the client leaving), or undefined. */
  failure: unknown;
}

interface ModelOutcome {
  text: string;
  usage: ModelUsage | null;
  toolCalls: ModelToolCall[];
  failure: unknown;
}

/** One model call; `separator` goes before its first text, so answers after tool calls do not run together. */
async function callModel(
  context: EngineContext,
  channel: TurnChannel,
  modelRequest: ModelRequest,
  separator: string,
): Promise<ModelOutcome> {
  const outcome: ModelOutcome = { text: '', usage: null, toolCalls: [], failure: undefined };
  let pending = separator;
  const add = (text: string) => {
    if (text.length === 0) return;
    const piece = `${pending}${text}`;
    pending = '';
    outcome.text += piece;
    if (channel.stream) channel.onEvent?.({ type: 'token', content: piece });
  };
  try {
    if (!channel.stream) {
      const result = await context.model.generate(modelRequest, { signal: channel.signal });
      add(result.text);
      outcome.usage = result.usage;
      outcome.toolCalls = result.toolCalls;
      return outcome;
    }
    for await (const part of context.model.stream(modelRequest, { signal: channel.signal })) {
      if (part.type === 'text-delta') add(part.text);
      else if (part.type === 'tool-call') outcome.toolCalls.push(part.toolCall);
      else if (part.type === 'finish') outcome.usage = part.usage;
    }
  } catch (error) {
    outcome.failure = error;
  }
  return outcome;
}

/**
 * Calls the model until it answers without calling a tool: each round runs the
 * agent's HTTP tools it asked for and gives it their results. At most
 * `maxModelCallsPerTurn` calls; the last one may not call tools.
 */
export async function answerWithTools(
  context: EngineContext,
  channel: TurnChannel,
  input: ModelTurnInput,
): Promise<ModelTurnOutcome> {
  const messages: ChatMessage[] = [...input.modelRequest.messages];
  const hasTools = (input.modelRequest.tools?.length ?? 0) > 0;
  const result: ModelTurnOutcome = {
    text: '',
    usage: { input_tokens: 0, output_tokens: 0 },
    toolsUsed: [],
    escalate: false,
    exhausted: false,
    failure: undefined,
  };
  for (let call = 1; call <= maxModelCallsPerTurn; call += 1) {
    const last = call === maxModelCallsPerTurn;
    const modelRequest: ModelRequest = {
      ...input.modelRequest,
      messages: [...messages],
      ...(last && hasTools ? { toolChoice: 'none' as const } : {}),
    };
    const separator = result.text === '' || /\s$/.test(result.text) ? '' : '\n\n';
    const outcome = await callModel(context, channel, modelRequest, separator);
    result.text += outcome.text;
    result.usage.input_tokens += outcome.usage?.inputTokens ?? estimateTokens(modelRequest.messages);
    result.usage.output_tokens += outcome.usage?.outputTokens ?? splitIntoTokens(outcome.text).length;
    if (outcome.failure !== undefined) {
      result.failure = outcome.failure;
      break;
    }
    if (input.canEscalate && outcome.toolCalls.some((toolCall) => toolCall.name === escalateToolName)) {
      result.escalate = true;
      break;
    }
    if (outcome.toolCalls.length === 0) break;
    if (last) {
      result.exhausted = true;
      break;
    }
    const batch = await runToolCalls(context, input.httpTools, outcome.toolCalls, channel);
    for (const name of batch.used) if (!result.toolsUsed.includes(name)) result.toolsUsed.push(name);
    messages.push(
      { role: 'assistant', content: outcome.text.trim(), toolCalls: outcome.toolCalls },
      ...batch.messages,
    );
  }
  return result;
}
