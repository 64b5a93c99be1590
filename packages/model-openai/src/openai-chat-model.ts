import {
  type ChatMessage,
  type ChatModel,
  estimateTokens,
  type FinishReason,
  type ModelCallOptions,
  ModelProviderError,
  type ModelRequest,
  type ModelResult,
  type ModelStreamPart,
  type ModelToolCall,
  type ModelUsage,
} from '@parley/engine';
import OpenAI from 'openai';
import type {
  ChatCompletionChunk,
  ChatCompletionMessageParam,
  ChatCompletionMessageToolCall,
} from 'openai/resources/chat/completions';
import { mapOpenAiError } from './map-openai-error.js';
import { mapOpenAiFinishReason } from './map-openai-finish-reason.js';

export interface OpenAiChatModelOptions {
  /** Local OpenAI-compatible servers need none. */
  apiKey?: string;
  /** E.g. `http://localhost:11434/v1`; defaults to OpenAI's. */
  baseUrl?: string;
  defaultModel: string;
  /** Time allowed until the provider's response headers; the SDK's default is 10 minutes. */
  timeoutMs?: number;
  /** The SDK's own retries; defaults to 0, retrying is the engine's choice. */
  maxRetries?: number;
}

/** A `ChatModel` over any OpenAI-compatible Chat Completions endpoint, through the official SDK. */
export class OpenAiChatModel implements ChatModel {
  readonly name: string;
  private readonly client: OpenAI;
  private readonly defaultModel: string;

  constructor(options: OpenAiChatModelOptions) {
    this.defaultModel = options.defaultModel;
    this.name = `openai:${options.defaultModel}`;
    this.client = new OpenAI({
      apiKey: options.apiKey ?? 'not-needed',
      baseURL: options.baseUrl,
      timeout: options.timeoutMs,
      maxRetries: options.maxRetries ?? 0,
    });
  }

  async generate(request: ModelRequest, options: ModelCallOptions = {}): Promise<ModelResult> {
    try {
      const completion = await this.client.chat.completions.create(
        { ...this.parameters(request), stream: false },
        { signal: options.signal },
      );
      const choice = completion.choices[0];
      if (!choice) throw new ModelProviderError('The model provider answered without a choice', null);
      const text = choice.message.content ?? '';
      return {
        text,
        usage: completion.usage
          ? { inputTokens: completion.usage.prompt_tokens, outputTokens: completion.usage.completion_tokens }
          : { inputTokens: estimateTokens(request.messages), outputTokens: Math.ceil(text.length / 4) },
        finishReason: mapOpenAiFinishReason(choice.finish_reason),
        toolCalls: (choice.message.tool_calls ?? []).map(toModelToolCall),
      };
    } catch (error) {
      throw mapOpenAiError(error, options.signal);
    }
  }

  async *stream(request: ModelRequest, options: ModelCallOptions = {}): AsyncIterable<ModelStreamPart> {
    const { signal } = options;
    const toolCalls = new StreamedToolCalls();
    let usage: ModelUsage | null = null;
    let finishReason: FinishReason | null = null;
    let deltaCount = 0;
    try {
      const chunks = await this.client.chat.completions.create(
        { ...this.parameters(request), stream: true, stream_options: { include_usage: true } },
        { signal },
      );
      for await (const chunk of chunks) {
        if (chunk.usage) {
          usage = { inputTokens: chunk.usage.prompt_tokens, outputTokens: chunk.usage.completion_tokens };
        }
        const choice = chunk.choices[0];
        if (!choice) continue;
        const text = choice.delta.content;
        if (text) {
          deltaCount++;
          yield { type: 'text-delta', text };
        }
        if (choice.delta.tool_calls) {
          deltaCount += choice.delta.tool_calls.length;
          toolCalls.add(choice.delta.tool_calls);
        }
        if (choice.finish_reason) finishReason = mapOpenAiFinishReason(choice.finish_reason);
      }
    } catch (error) {
      throw mapOpenAiError(error, signal);
    }
    // The SDK ends a stream silently when its signal aborts.
    signal?.throwIfAborted();
    if (finishReason === null) {
      throw new ModelProviderError('The model provider ended the stream without a finish reason', null);
    }
    for (const toolCall of toolCalls.complete()) yield { type: 'tool-call', toolCall };
    yield {
      type: 'finish',
      usage: usage ?? { inputTokens: estimateTokens(request.messages), outputTokens: deltaCount },
      finishReason,
    };
  }

  private parameters(request: ModelRequest) {
    return {
      model: request.model ?? this.defaultModel,
      messages: request.messages.map(toOpenAiMessage),
      temperature: request.temperature,
      max_tokens: request.maxTokens,
      ...(request.tools?.length
        ? {
            tools: request.tools.map((tool) => ({
              type: 'function' as const,
              function: { name: tool.name, description: tool.description, parameters: tool.parameters },
            })),
            ...(request.toolChoice ? { tool_choice: request.toolChoice } : {}),
          }
        : {}),
    };
  }
}

/** Collects the pieces of streamed tool calls by their index until the stream ends. */
class StreamedToolCalls {
  private readonly byIndex = new Map<number, ModelToolCall>();

  add(deltas: ChatCompletionChunk.Choice.Delta.ToolCall[]): void {
    for (const delta of deltas) {
      let toolCall = this.byIndex.get(delta.index);
      if (!toolCall) {
        toolCall = { id: '', name: '', arguments: '' };
        this.byIndex.set(delta.index, toolCall);
      }
      if (delta.id) toolCall.id = delta.id;
      if (delta.function?.name) toolCall.name += delta.function.name;
      if (delta.function?.arguments) toolCall.arguments += delta.function.arguments;
    }
  }

  complete(): ModelToolCall[] {
    return [...this.byIndex.entries()]
      .sort(([left], [right]) => left - right)
      .map(([index, toolCall]) => ({ ...toolCall, id: toolCall.id || `call_${index}` }));
  }
}

function toOpenAiMessage(message: ChatMessage): ChatCompletionMessageParam {
  switch (message.role) {
    case 'system':
      return { role: 'system', content: message.content };
    case 'user':
      return { role: 'user', content: message.content };
    case 'assistant':
      if (!message.toolCalls?.length) return { role: 'assistant', content: message.content };
      return {
        role: 'assistant',
        // OpenAI wants null rather than empty text next to tool calls.
        content: message.content === '' ? null : message.content,
        tool_calls: message.toolCalls.map((toolCall) => ({
          id: toolCall.id,
          type: 'function' as const,
          function: { name: toolCall.name, arguments: toolCall.arguments || '{}' },
        })),
      };
    case 'tool':
      return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
  }
}

function toModelToolCall(toolCall: ChatCompletionMessageToolCall): ModelToolCall {
  if (toolCall.type === 'function') {
    return { id: toolCall.id, name: toolCall.function.name, arguments: toolCall.function.arguments };
  }
  return { id: toolCall.id, name: toolCall.custom.name, arguments: toolCall.custom.input };
}
