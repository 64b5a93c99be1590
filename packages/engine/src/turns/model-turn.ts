import type { EngineContext } from '../context.js';
import type { TokenEvent, ToolCallEvent } from '../events.js';
import type { ChatMessage, ModelRequest, ModelToolCall, ModelUsage } from '../model/chat-model.js';
import { estimateTokens, splitIntoTokens } from '../model/estimate-tokens.js';
import type { HttpTool } from '../tools/http-tool.js';
import type { TokenUsage } from '../types.js';
import { runToolCalls } from './tool-calls.js';

/** Model calls in one turn, the first included: after the last, the model answers with what it has. */
export const maxModelCallsPerTurn = 5;

export const escalateToolName = 'escalate_to_human';

/** What the model loop yields as it goes, for the turn to emit. */
export type ModelTurnEvent = TokenEvent | ToolCallEvent;

export interface ModelTurnInput {
  /** The first request: its messages and tools; later calls add the tool calls and their results. */
  modelRequest: ModelRequest;
  httpTools: HttpTool[];
  /** `escalate_to_human` is offered: a call to it ends the loop and hands the thread over. */
  canEscalate: boolean;
  /** Tokens as they come (yielded as `token` events); otherwise one call answers whole. */
  stream: boolean;
  signal?: AbortSignal;
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

/** One model call's outcome, its text collected with `separator` before the first piece. */
class CallOutcome {
  text = '';
  usage: ModelUsage | null = null;
  toolCalls: ModelToolCall[] = [];
  failure: unknown = undefined;

  constructor(private pending: string) {}

  /** Adds text; answers the piece to show (with the separator before the first), or '' for none. */
  add(text: string): string {
    if (text.length === 0) return '';
    const piece = `${this.pending}${text}`;
    this.pending = '';
    this.text += piece;
    return piece;
  }
}

/** One model call without streaming: the answer comes whole. */
async function generateOnce(
  context: EngineContext,
  input: ModelTurnInput,
  modelRequest: ModelRequest,
  outcome: CallOutcome,
): Promise<void> {
  try {
    const result = await context.model.generate(modelRequest, { signal: input.signal });
    outcome.add(result.text);
    outcome.usage = result.usage;
    outcome.toolCalls = result.toolCalls;
  } catch (error) {
    outcome.failure = error;
  }
}

/**
 * Calls the model until it answers without calling a tool: each round runs the
 * agent's HTTP tools it asked for and gives it their results. At most
 * `maxModelCallsPerTurn` calls; the last one may not call tools. Yields the
 * tokens and tool calls as they happen; the turn emits them.
 */
export async function* answerWithTools(
  context: EngineContext,
  input: ModelTurnInput,
): AsyncGenerator<ModelTurnEvent, ModelTurnOutcome> {
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
    // Separators go before a call's first text, so answers after tool calls do not run together.
    const outcome = new CallOutcome(separator);
    if (!input.stream) await generateOnce(context, input, modelRequest, outcome);
    else {
      // Streamed in this loop rather than a nested generator: one hop per token.
      try {
        for await (const part of context.model.stream(modelRequest, { signal: input.signal })) {
          if (part.type === 'text-delta') {
            const piece = outcome.add(part.text);
            if (piece !== '') yield { type: 'token', content: piece };
          } else if (part.type === 'tool-call') outcome.toolCalls.push(part.toolCall);
          else if (part.type === 'finish') outcome.usage = part.usage;
        }
      } catch (error) {
        outcome.failure = error;
      }
    }
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
    const batch = yield* runToolCalls(context, input.httpTools, outcome.toolCalls, input.signal);
    for (const name of batch.used) if (!result.toolsUsed.includes(name)) result.toolsUsed.push(name);
    messages.push(
      { role: 'assistant', content: outcome.text.trim(), toolCalls: outcome.toolCalls },
      ...batch.messages,
    );
  }
  return result;
}
