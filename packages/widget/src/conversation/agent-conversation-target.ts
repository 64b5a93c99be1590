import type { ChatTarget, StoredConversation, ThreadIds } from './chat-target.js';
import type { Acknowledgement, ChatConfig, StoredMessage } from './protocol.js';
import type { PendingTurn, StoredThread } from './thread-record.js';
import { replyTimeoutMs, type Transport } from './transport.js';

/**
 * A chat with an agent (a share link's token, or an agent's publishable key):
 * a conversation, kept (stored, continued, rated, joined by a person) only when
 * the agent's configuration allows it.
 */
export class AgentConversationTarget implements ChatTarget {
  #conversationId: string | null = null;
  #config: ChatConfig = {};

  constructor(readonly id: string) {}

  /** A share link's token, else the agent's publishable key. */
  credential(key: string, token: string): string {
    return token || key;
  }

  get configFields(): Record<string, string> {
    return { agent_id: this.id };
  }

  configure(config: ChatConfig): boolean {
    this.#config = config;
    if (this.#keepsConversations || !this.#conversationId) return false;
    this.#conversationId = null;
    return true;
  }

  restore(stored: StoredThread): void {
    this.#conversationId = stored.conversation_id ?? null;
  }

  record(into: StoredThread): void {
    if (this.#conversationId && this.#keepsConversations) into.conversation_id = this.#conversationId;
  }

  adopt(ids: ThreadIds): void {
    if (ids.conversation_id) this.#conversationId = ids.conversation_id;
  }

  forget(): void {
    this.#conversationId = null;
  }

  turnRequest(turn: PendingTurn): [string, object] {
    return [
      'chat',
      {
        agent_id: this.id,
        message: turn.message,
        request_id: turn.request_id,
        ...(this.#conversationId && this.#keepsConversations
          ? { conversation_id: this.#conversationId }
          : {}),
      },
    ];
  }

  readThread(transport: Transport): Promise<Acknowledgement<StoredConversation>> | null {
    if (!this.#conversationId || !this.#keepsConversations) return null;
    return transport
      .request<{ conversation: { messages: StoredMessage[] }; escalated?: boolean }>(
        'conversation',
        { agent_id: this.id, conversation_id: this.#conversationId },
        replyTimeoutMs,
      )
      .then((reply) =>
        reply.ok
          ? { ok: true, messages: reply.conversation?.messages ?? [], escalated: reply.escalated === true }
          : reply,
      );
  }

  /** A conversation does not expire under a turn. */
  expired(): boolean {
    return false;
  }

  /** Only a conversation the agent keeps is stored, so only its answers can be rated. */
  get canRate(): boolean {
    return this.#config.allow_conversations === true;
  }

  get ratingFields(): Record<string, string> | null {
    return this.canRate ? this.liveSession : null;
  }

  /** A kept conversation, once there is one: a person can join it. */
  get liveSession(): { agent_id: string; conversation_id: string } | null {
    return this.#conversationId && this.#keepsConversations
      ? { agent_id: this.id, conversation_id: this.#conversationId }
      : null;
  }

  /** Until the configuration says otherwise, a conversation is kept. */
  get #keepsConversations(): boolean {
    return this.#config.allow_conversations !== false;
  }
}
