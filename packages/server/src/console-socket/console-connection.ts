import { conversationPayload, watchPayload } from '@parley/contract/socket';
import { type Engine, ParleyError, type Principal } from '@parley/engine';
import type { Socket } from 'socket.io';
import { errorObjectOf } from '../edge/error-mapping.js';
import { parsePayload } from '../edge/parse-input.js';
import type { Logger } from '../logger.js';

/** How often a connected console's credential is checked again (a revoked key or a signed-out operator is dropped). */
const recheckMs = 30_000;
/** Sessions one console may watch at once. */
const maxWatched = 20;

function isConversation(payload: unknown): boolean {
  return typeof payload === 'object' && payload !== null && 'agent_id' in payload;
}

type Acknowledgement = { ok: true } | { ok: false; error: ReturnType<typeof errorObjectOf> };

/**
 * One connected console: it hears every session summary and escalation (the namespace's rooms), and
 * the live turns, messages and typing of the sessions it watches (`watch {app_id, session_id}`,
 * `unwatch {app_id, session_id}`) and agent conversations (`{agent_id, conversation_id}`).
 */
export class ConsoleConnection {
  private readonly watched = new Map<string, () => void>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly socket: Socket,
    private readonly engine: Engine,
    private readonly logger: Logger,
    private readonly recheck: () => Promise<Principal>,
  ) {
    this.timer = setInterval(() => {
      this.recheck().catch(() => socket.disconnect(true));
    }, recheckMs);
    this.timer.unref();
    socket.on('disconnect', () => this.stop());
    this.listen('watch', async (payload) => {
      const id = await this.threadOf(payload);
      this.watch(id);
    });
    this.listen('unwatch', async (payload) => {
      const id = isConversation(payload)
        ? parsePayload(conversationPayload, payload).conversation_id
        : parsePayload(watchPayload, payload).session_id;
      this.watched.get(id)?.();
      this.watched.delete(id);
    });
  }

  /**
   * The thread a `watch` names, once the inbox knows it: a session (`app_id`, `session_id`) or an
   * agent's conversation (`agent_id`, `conversation_id`); its events carry its id as `session_id`.
   */
  private async threadOf(payload: unknown): Promise<string> {
    if (isConversation(payload)) {
      const { agent_id: agentId, conversation_id: id } = parsePayload(conversationPayload, payload);
      const summary = await this.engine.inbox.summary(id);
      if (summary?.agent_id !== agentId)
        throw new ParleyError('not_found', 'Conversation not found', { conversation_id: id });
      return id;
    }
    const { app_id: appId, session_id: sessionId } = parsePayload(watchPayload, payload);
    const summary = await this.engine.inbox.summary(sessionId);
    if (summary?.app_id !== appId)
      throw new ParleyError('not_found', 'Session not found', { session_id: sessionId });
    return sessionId;
  }

  private listen(event: string, handle: (payload: unknown) => Promise<void>): void {
    this.socket.on(event, async (...parts: unknown[]) => {
      const acknowledge = parts.at(-1);
      const payload = typeof parts[0] === 'function' ? undefined : parts[0];
      let answer: Acknowledgement;
      try {
        await this.recheck();
        await handle(payload);
        answer = { ok: true };
      } catch (error) {
        const failure = errorObjectOf(error);
        if (failure.code === 'internal_error')
          this.logger.error({ err: error, event }, 'console message failed');
        answer = { ok: false, error: failure };
      }
      if (typeof acknowledge === 'function') acknowledge(answer);
    });
  }

  private watch(sessionId: string): void {
    if (this.watched.has(sessionId)) return;
    if (this.watched.size >= maxWatched) {
      const [oldest, stop] = this.watched.entries().next().value as [string, () => void];
      stop();
      this.watched.delete(oldest);
    }
    const stopTurns = this.engine.inbox.watchTurns(sessionId, ({ event }) => {
      this.socket.emit('turn', { session_id: sessionId, event });
    });
    const stopSession = this.engine.sessions.follow(sessionId, (event) => {
      if (event.type === 'message')
        this.socket.emit('human_message', { session_id: sessionId, message: event.message });
      else if (event.type === 'typing')
        this.socket.emit('typing', { session_id: sessionId, author: event.author });
    });
    this.watched.set(sessionId, () => {
      stopTurns();
      stopSession();
    });
  }

  private stop(): void {
    clearInterval(this.timer);
    for (const stop of this.watched.values()) stop();
    this.watched.clear();
  }
}
