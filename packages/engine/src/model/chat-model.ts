/** The provider seam: the engine talks to any language model through this. */

export type ChatRole = 'system' | 'user' | 'assistant' | 'tool';

/**
 * One message of the conversation given to the model: an assistant message may
 * carry the tool calls it made, and each call's result follows as a `tool` message.
 */
export type ChatMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls?: ModelToolCall[] }
  | { role: 'tool'; toolCallId: string; content: string };

/** A tool the model may call: a name, what it does, and its arguments as JSON Schema. */
export interface ModelTool {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

/** A numbered passage given to the model (written into its system message), to answer from and cite as [number]. */
export interface ModelSource {
  number: number;
  document_name: string;
  page_number: number;
  text: string;
}

export interface ModelRequest {
  /** Null for the model's own default. */
  model: string | null;
  messages: ChatMessage[];
  temperature: number;
  maxTokens: number;
  tools?: ModelTool[];
  /** `none`: the tools are listed but the model must answer in text (the last call of a turn). Default `auto`. */
  toolChoice?: 'auto' | 'none';
}

export interface ModelUsage {
  inputTokens: number;
  outputTokens: number;
}

export type FinishReason = 'stop' | 'length' | 'tool-calls' | 'content-filter' | 'other';

export interface ModelToolCall {
  id: string;
  name: string;
  /** The arguments as the model wrote them (JSON text). */
  arguments: string;
}

export interface ModelResult {
  text: string;
  usage: ModelUsage;
  finishReason: FinishReason;
  toolCalls: ModelToolCall[];
}

export type ModelStreamPart =
  | { type: 'text-delta'; text: string }
  | { type: 'tool-call'; toolCall: ModelToolCall }
  | { type: 'finish'; usage: ModelUsage; finishReason: FinishReason };

export interface ModelCallOptions {
  signal?: AbortSignal;
}

export interface ChatModel {
  /** A short name for logs and the start banner, e.g. `openai:gpt-4o-mini` or `offline`. */
  readonly name: string;
  /**
   * Whether the model can pick the agent that answers from a numbered list (`routing: auto`).
   * Absent means it can; a model that cannot (the offline model) says `false`, and routing
   * keeps the session's last agent instead of asking it.
   */
  readonly choosesAgents?: boolean;
  generate(request: ModelRequest, options?: ModelCallOptions): Promise<ModelResult>;
  stream(request: ModelRequest, options?: ModelCallOptions): AsyncIterable<ModelStreamPart>;
}

/** Thrown by a model when its provider fails; the engine answers 502 `upstream_error`. */
export class ModelProviderError extends Error {
  readonly providerStatus: number | null;

  constructor(message: string, providerStatus: number | null, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ModelProviderError';
    this.providerStatus = providerStatus;
  }
}
