import type { Engine, LiveTurnState, Principal, TurnOutcome } from '@parley/engine';
import type { RunTurn } from '../turn-runner.js';

/** What a client message is answered with: `ok` and the answer's fields, or the contract's error. */
export type Acknowledgement = ({ ok: true } & Record<string, unknown>) | Extract<TurnOutcome, { ok: false }>;

/** What a handler may do for one message, as the credential that sent it stands now. */
export interface SocketContext {
  engine: Engine;
  principal: Principal;
  /** Counts a message that costs work against the key's plan and the visitor's IP, as an HTTP request is. */
  meter(): Promise<void>;
  /** Forwards the session's live events (a person's answers, escalation, resolve) to this socket. */
  followSession(sessionId: string): void;
  /** Sends this socket one server event (e.g. `away`, to a chat that reloaded while it holds). */
  tell(event: string, data: object): void;
  /** The same for a kept agent conversation (the share page): its events carry `conversation_id`. */
  followConversation(conversationId: string): void;
  /** Sends this socket a turn's events from `fromSeq` on, then the live ones. */
  followTurn(requestId: string, fromSeq: number): Promise<LiveTurnState>;
  /** Runs a turn once per credential and request id (a request id seen already replays it); acknowledged when it ends. */
  sendTurn(requestId: string, turn: RunTurn): Promise<Acknowledgement>;
}

/** One client message: its payload validated by the handler, the answer its acknowledgement. */
export type SocketHandler = (payload: unknown, context: SocketContext) => Promise<Acknowledgement>;
