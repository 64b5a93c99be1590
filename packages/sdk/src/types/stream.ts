import type { ErrorEvent, ToolCallEvent, TurnEvent, TurnUsage } from '@parley/contract';

export type { CitationEvent, DoneEvent, StartEvent, TokenEvent, ToolCallEvent } from '@parley/contract';

export type ToolCallStatus = ToolCallEvent['status'];

/** Execute streams report `input_tokens`/`output_tokens`; agent chat streams add the chat counts. */
export type StreamUsage = TurnUsage;

/** The stream failed after it began. The iterator yields it as its last event and does not throw. */
export type StreamErrorEvent = ErrorEvent;

/** The contract's turn events, as the server streams them. */
export type StreamEvent = TurnEvent;

export type StreamEventType = StreamEvent['type'];

/** What `executeStream` and `agents.chatStream` return. `return()` (or `break` in `for await`) cancels it. */
export type EventStream = AsyncGenerator<StreamEvent, void, undefined>;
