import type { DoneEvent, StartEvent, TurnEventListener } from '../events.js';
import type { WriteOperation } from '../store/store.js';
import type { AgentRecord, MessageRecord, TokenUsage } from '../types.js';

/**
 * Where a turn happens: an app's session or an agent's conversation. The turn
 * (`runTurn`) asks the thread, never its caller: it opens the thread under the
 * turn lock, and the thread says who answers, what the prompt may read, what to
 * write with the messages and how its `done` event reads.
 */
export interface Thread {
  /** The id the messages are stored under and turns are serialised by. */
  readonly id: string;
  /** The app of a session (null in agent conversations), kept on messages for analytics. */
  readonly appId: string | null;
  /** False: nothing of the turn is stored (a share link without conversations). */
  readonly persist: boolean;
  /** The fields of `start` (and of an upstream error) that name the thread. */
  readonly startFields: Pick<StartEvent, 'session_id' | 'conversation_id'>;
  /** Reads the thread under the turn lock and chooses the agent; throws not_found when it is gone. */
  open(userText: string): Promise<OpenThread>;
  /** The turn's last event, with the fields this kind of thread has always sent. */
  done(turn: TurnResult): DoneEvent;
}

/** A thread as read under the turn lock, for one turn. */
export interface OpenThread {
  /** Who answers this turn. */
  agent: AgentRecord;
  /** Written with the user's message: a new thread's record, a change of its memory. */
  opening: WriteOperation[];
  /** What `{{…}}` placeholders in the system prompt read. */
  templateContext: unknown;
  /**
   * Store operations that record `added` new messages at `now`, answered by `agent`: the thread's
   * record, written once per turn, with the turn's last write.
   */
  touch(now: number, added: number, agent: AgentRecord | null): WriteOperation[];
  /** How the thread hands over to a person; app sessions have this, agent conversations do not. */
  handoff?: Handoff;
}

/** How a thread hands over to a person. */
export interface Handoff {
  /** A person is answering: the model stays quiet. */
  escalated: boolean;
  /** Operations that pass a user message to the helpdesk while escalated. */
  forwardUserMessage(message: MessageRecord): Promise<WriteOperation[]>;
  /** Operations that mark the thread escalated and fire the webhook once. */
  escalate(reason: 'user_requested' | 'model'): Promise<WriteOperation[]>;
  /** Tells live channels, once the writes are done. */
  announce(): void;
}

/** What the caller asks of one turn. */
export interface TurnInput {
  userText: string;
  /** Tokens as `token` events while the model writes; otherwise the answer comes whole. */
  stream: boolean;
  signal?: AbortSignal;
  onEvent?: TurnEventListener;
}

export interface TurnResult {
  answer: MessageRecord;
  agent: AgentRecord;
  traceId: string;
  usage: TokenUsage;
  /** True when a person is answering this session: the model did not. */
  escalated: boolean;
}
