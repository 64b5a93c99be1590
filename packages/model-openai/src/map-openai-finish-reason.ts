import type { FinishReason } from '@parley/engine';

export type OpenAiFinishReason = 'stop' | 'length' | 'tool_calls' | 'function_call' | 'content_filter';

/** Maps OpenAI's `finish_reason` to the engine's; anything unknown or missing is `other`. */
export function mapOpenAiFinishReason(finishReason: OpenAiFinishReason | null | undefined): FinishReason {
  switch (finishReason) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls';
    case 'content_filter':
      return 'content-filter';
    default:
      return 'other';
  }
}
