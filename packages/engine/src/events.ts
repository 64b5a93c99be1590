import type { ErrorCode } from './errors.js';
import type { JsonObject } from './types.js';

/** What a turn tells its listener as it goes: the SSE event names of the contract. */
export type TurnEvent =
  | { type: 'start'; trace_id: string; session_id?: string; conversation_id?: string | null }
  | { type: 'token'; content: string }
  | { type: 'tool_call'; tool: string; status: 'started' | 'completed' | 'failed' }
  | ({ type: 'citation' } & JsonObject)
  | ({ type: 'done' } & Record<string, unknown>)
  | { type: 'error'; error: { code: ErrorCode; message: string } };

export type TurnEventListener = (event: TurnEvent) => void;
