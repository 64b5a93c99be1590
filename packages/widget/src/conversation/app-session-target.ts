import type { ChatTarget, StoredConversation, ThreadIds } from './chat-target.js';
import type { Acknowledgement, ChatConfig, ErrorObject, StoredMessage } from './protocol.js';
import type { PendingTurn, StoredThread } from './thread-record.js';
import { replyTimeoutMs, type Transport } from './transport.js';

/**
 * A chat with an app (publishable key): a session, which the server follows
 * live for this socket and a person can join. Answers can always be rated.
 * The visitor's `identity` (`user_id`, `user_hash`) goes with config and every turn.
 */
export class AppSessionTarget implements ChatTarget {
  readonly canRate = true;
  #sessionId: string | null = null;

  constructor(
    readonly id: string,
    readonly identity: Record<string, string> = {},
  ) {}

  credential(key: string): string {
    return key;
  }

  get configFields(): Record<string, string> {
    return { app_id: this.id, ...this.identity };
  }

  /** With no session here, a verified user's session begun on another device is continued. */
  configure(config: ChatConfig): boolean {
    if (this.#sessionId || !config.session_id) return false;
    this.#sessionId = config.session_id;
    return true;
  }

  restore(stored: StoredThread): void {
    if (stored.user_id === this.identity.user_id) this.#sessionId = stored.session_id ?? null;
  }

  record(into: StoredThread): void {
    if (this.#sessionId) into.session_id = this.#sessionId;
    if (this.identity.user_id) into.user_id = this.identity.user_id;
  }

  adopt(ids: ThreadIds): void {
    if (ids.session_id) this.#sessionId = ids.session_id;
  }

  forget(): void {
    this.#sessionId = null;
  }

  turnRequest(turn: PendingTurn, metadata: Record<string, unknown>): [string, object] {
    const hasMetadata = Object.keys(metadata).length > 0;
    return [
      'execute',
      {
        app_id: this.id,
        message: turn.message,
        request_id: turn.request_id,
        ...this.identity,
        ...(this.#sessionId ? { session_id: this.#sessionId } : {}),
        ...(hasMetadata ? { metadata } : {}),
      },
    ];
  }

  readThread(transport: Transport): Promise<Acknowledgement<StoredConversation>> | null {
    const session = this.liveSession;
    if (!session) return null;
    return transport
      .request<{ history: { messages: StoredMessage[]; escalated?: boolean } }>(
        'history',
        session,
        replyTimeoutMs,
      )
      .then((reply) =>
        reply.ok
          ? // A person still answers this session: no "Talk to a person" again after a reload.
            {
              ok: true,
              messages: reply.history?.messages ?? [],
              escalated: reply.history?.escalated === true,
            }
          : reply,
      );
  }

  /** The session expired: the message goes again, in a new session. */
  expired(error: ErrorObject): boolean {
    if (error.code !== 'not_found' || !error.details?.session_id || !this.#sessionId) return false;
    this.#sessionId = null;
    return true;
  }

  get liveSession(): { app_id: string; session_id: string } | null {
    return this.#sessionId ? { app_id: this.id, session_id: this.#sessionId } : null;
  }

  get ratingFields(): Record<string, string> | null {
    return this.liveSession;
  }
}
