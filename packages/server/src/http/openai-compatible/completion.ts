import { type Citation, type DoneEvent, ParleyError, type StartEvent, type TurnEvent } from '@parley/engine';
import type { ModelTarget } from './models.js';

/** What a turn told its listener that the OpenAI answer needs: its start, citations and done. */
export class TurnRecord {
  start: StartEvent | null = null;
  done: DoneEvent | null = null;
  readonly citations: Citation[] = [];

  /** Keeps the events; returns the event for the caller to use too. */
  add(event: TurnEvent): TurnEvent {
    if (event.type === 'start') this.start = event;
    else if (event.type === 'done') this.done = event;
    else if (event.type === 'citation') {
      const { type: _type, ...citation } = event;
      this.citations.push(citation);
    }
    return event;
  }

  finished(): DoneEvent {
    if (!this.done) throw new ParleyError('internal_error', 'The turn ended without its done event');
    return this.done;
  }
}

/** One answer's fixed parts: every chunk of a stream repeats them. */
export interface CompletionFrame {
  id: string;
  created: number;
  model: string;
  kind: ModelTarget['kind'];
}

export function frameOf(traceId: string, model: ModelTarget): CompletionFrame {
  return {
    id: `chatcmpl-${traceId}`,
    created: Math.floor(Date.now() / 1000),
    model: model.id,
    kind: model.kind,
  };
}

function threadOf(kind: ModelTarget['kind'], event: StartEvent | DoneEvent) {
  return kind === 'app'
    ? { session_id: event.session_id }
    : { conversation_id: event.conversation_id ?? null };
}

/** Parley's extras, in `parley` beside OpenAI's fields. */
export function parleyExtensionOf(frame: CompletionFrame, record: TurnRecord) {
  const done = record.finished();
  return {
    ...threadOf(frame.kind, done),
    trace_id: done.trace_id,
    message_id: done.message_id,
    agent: done.agent,
    agent_id: done.agent_id,
    citations: record.citations,
    tools_used: done.tools_used,
    ...(done.applied_definitions ? { applied_definitions: done.applied_definitions } : {}),
    ...(done.escalated ? { escalated: true } : {}),
  };
}

export function usageOf(done: DoneEvent) {
  const { input_tokens: prompt, output_tokens: completion } = done.usage;
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

/** The whole answer as `chat.completion`. */
export function completionOf(frame: CompletionFrame, content: string, record: TurnRecord) {
  return {
    id: frame.id,
    object: 'chat.completion' as const,
    created: frame.created,
    model: frame.model,
    choices: [
      {
        index: 0 as const,
        message: { role: 'assistant' as const, content, refusal: null },
        finish_reason: 'stop' as const,
        logprobs: null,
      },
    ],
    usage: usageOf(record.finished()),
    parley: parleyExtensionOf(frame, record),
  };
}

/**
 * The chunks of a streamed answer, as OpenAI sends them: the role first, then the text, then the
 * finish reason; with `include_usage`, every chunk has `usage: null` and one more, with empty
 * `choices`, carries the counts.
 */
export class ChunkWriter {
  constructor(
    private readonly frame: CompletionFrame,
    private readonly includeUsage: boolean,
  ) {}

  private chunk(delta: Record<string, unknown> | null, finishReason: 'stop' | null, extra = {}) {
    return {
      id: this.frame.id,
      object: 'chat.completion.chunk' as const,
      created: this.frame.created,
      model: this.frame.model,
      choices: delta ? [{ index: 0, delta, finish_reason: finishReason, logprobs: null }] : [],
      ...(this.includeUsage ? { usage: null } : {}),
      ...extra,
    };
  }

  /** The first chunk also names the thread, so a client can continue it even if the answer fails. */
  first(start: StartEvent) {
    return this.chunk({ role: 'assistant', content: '' }, null, {
      parley: { ...threadOf(this.frame.kind, start), trace_id: start.trace_id },
    });
  }

  token(content: string) {
    return this.chunk({ content }, null);
  }

  last(record: TurnRecord) {
    return this.chunk({}, 'stop', { parley: parleyExtensionOf(this.frame, record) });
  }

  usage(record: TurnRecord) {
    return { ...this.chunk(null, null), usage: usageOf(record.finished()) };
  }
}
