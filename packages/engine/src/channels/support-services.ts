import { publishSessionEvent, type SessionEvent } from '../bus/event-bus.js';
import type { EngineContext } from '../context.js';
import { commit } from '../services/commit.js';
import { postConversationMessage, resolveConversation } from '../services/conversation-handoff.js';
import { postHumanMessage, resolveSession } from '../services/handoff.js';
import { inboxEntry, presentInboxSession } from '../services/inbox.js';
import { readSessionMetadata } from '../services/session-metadata.js';
import { getLiveSession } from '../services/sessions.js';
import { put } from '../store/store.js';
import type { ConversationRecord, JsonObject, MessageRole, SupportThreadRecord } from '../types.js';
import { toIso } from '../util/clock.js';

/** Messages an escalation brief shows at most. */
const briefMessages = 10;

/** Whose a support thread is: an app's session, or an agent's conversation (`agent_id`, the share page). */
export interface SupportTarget {
  app_id: string;
  agent_id?: string;
}

/** What a support team is told when a session of their app (or a conversation of their agent) is escalated. */
export interface EscalationBrief {
  /** The session's id, or the conversation's. */
  session_id: string;
  /** The session's app; for a share-page conversation, its agent (`kind: 'agent'`). */
  app: { id: string; name: string; slack_support_channel: string | null; kind?: 'app' | 'agent' };
  /** Why: the visitor asked, the model escalated, or a person took it over. */
  reason: string | null;
  escalated_at: string | null;
  /** Where the visitor writes from: `widget`, `slack`, `teams`, `share`, `api`. */
  channel: string;
  visitor: { name: string | null; user_id: string | null };
  metadata: JsonObject;
  /** The last messages, oldest first (texts only). */
  recent_messages: { role: MessageRole; content: string; author: string | null }[];
  /** The ids of the messages the brief was made from (the thread shows later ones as they come). */
  message_ids: string[];
}

/**
 * What a support desk needs of the engine, and no more (`engine.support`): the brief of an
 * escalated session, the support threads, and a person's reply and hand-back through the same
 * services the console uses.
 */
export interface SupportServices {
  /** The brief of an app's session or an agent's conversation, or null when there is neither. */
  brief(sessionId: string, reason?: string | null): Promise<EscalationBrief | null>;
  threads: {
    byKey(threadKey: string): Promise<SupportThreadRecord | undefined>;
    bySession(sessionId: string): Promise<SupportThreadRecord | undefined>;
    save(thread: SupportThreadRecord): Promise<void>;
  };
  /**
   * A person's answer, as `POST …/messages` with `role: human_agent`; `origin` tells the desk it was
   * its own. A session nobody holds yet becomes theirs (`person`), so the console's inbox shows who answers.
   */
  reply(
    target: SupportTarget,
    sessionId: string,
    input: { content: string; author: string | null },
    origin: string,
    person: { id: string; name: string } | null,
  ): Promise<unknown>;
  /** Hand back: the bot answers again. */
  resolve(target: SupportTarget, sessionId: string): Promise<unknown>;
  /** Every session's live events until the returned function is called. */
  followSessions(listener: (event: SessionEvent) => void): () => void;
  /** Calls `listener` with every session whose record or messages were written. */
  followChanges(listener: (change: { session_id: string; app_id: string }) => void): () => void;
  /** Whether the session is escalated (a person answers it). */
  escalated(sessionId: string): Promise<boolean>;
  /** A session's latest messages, oldest first. */
  latestMessages(
    sessionId: string,
    limit: number,
  ): Promise<{ id: string; role: MessageRole; content: string; created_at: string }[]>;
  /** Runs `task` holding the lock of `key` (shared by the nodes when locks are). */
  lock<T>(key: string, task: () => Promise<T>): Promise<T>;
  /** True the first time `key` is seen within `ttlMs` (on any node when the dedupe is shared). */
  firstSeen(key: string, ttlMs: number): Promise<boolean>;
  now(): number;
}

export function createSupportServices(context: EngineContext): SupportServices {
  return {
    async brief(sessionId, reason = null) {
      const session = await context.store.get('sessions', sessionId);
      if (!session) return conversationBrief(context, sessionId, reason);
      const app = await context.store.get('apps', session.app_id);
      if (!app) return null;
      const entry = await inboxEntry(context, sessionId);
      const summary = entry ? await presentInboxSession(context, entry) : null;
      const [metadata, latest] = await Promise.all([
        readSessionMetadata(context, session),
        context.store.list('messages', {
          where: { thread_id: sessionId },
          limit: briefMessages,
          order: 'desc',
        }),
      ]);
      return {
        session_id: sessionId,
        app: { id: app.id, name: app.name, slack_support_channel: app.slack_support_channel ?? null },
        reason: reason ?? session.escalation_reason ?? null,
        escalated_at: session.escalated_at ?? null,
        channel: summary?.channel ?? 'api',
        visitor: { name: summary?.visitor.name ?? null, user_id: session.user_id ?? null },
        metadata,
        message_ids: latest.items.map((message) => message.id),
        recent_messages: latest.items
          .reverse()
          .filter((message) => message.content !== '')
          .map((message) => ({
            role: message.role,
            content: message.content,
            author: message.author ?? null,
          })),
      };
    },
    threads: {
      byKey: (threadKey) => context.store.findOne('support_threads', { thread_key: threadKey }),
      bySession: (sessionId) => context.store.findOne('support_threads', { session_id: sessionId }),
      save: (thread) => commit(context, [put('support_threads', thread)]),
    },
    async reply(target, sessionId, input, origin, person) {
      if (target.agent_id) {
        if (person) await holdConversationFor(context, target.agent_id, sessionId, person);
        return postConversationMessage(context, target.agent_id, sessionId, { ...input, origin });
      }
      if (person) await holdFor(context, target.app_id, sessionId, person);
      return postHumanMessage(context, target.app_id, sessionId, { ...input, origin });
    },
    resolve: (target, sessionId) =>
      target.agent_id
        ? resolveConversation(context, target.agent_id, sessionId)
        : resolveSession(context, target.app_id, sessionId),
    followSessions: (listener) => context.bus.subscribe('sessions', listener),
    followChanges: (listener) => context.bus.subscribe('inbox', listener),
    escalated: async (sessionId) =>
      (
        (await context.store.get('sessions', sessionId)) ??
        (await context.store.get('conversations', sessionId))
      )?.escalated === true,
    async latestMessages(sessionId, limit) {
      const page = await context.store.list('messages', {
        where: { thread_id: sessionId },
        limit,
        order: 'desc',
      });
      return page.items.reverse().map((message) => ({
        id: message.id,
        role: message.role,
        content: message.content,
        created_at: message.created_at,
      }));
    },
    lock: (key, task) => context.turns.run(key, task),
    firstSeen: (key, ttlMs) => context.dedupe.firstSeen(key, ttlMs),
    now: () => context.clock.now(),
  };
}

/** An escalated session nobody holds becomes `person`'s (as the inbox's Take over, without escalating). */
async function holdFor(
  context: EngineContext,
  appId: string,
  sessionId: string,
  person: { id: string; name: string },
): Promise<void> {
  const held = await context.turns.run(sessionId, async () => {
    const session = await getLiveSession(context, appId, sessionId);
    if (!session.escalated || session.assigned_to) return false;
    await commit(context, [
      put('sessions', { ...session, assigned_to: person, updated_at: toIso(context.clock.now()) }),
    ]);
    return true;
  });
  if (held) publishSessionEvent(context.bus, { type: 'assigned', session_id: sessionId, operator: person });
}

/** The brief of a share-page conversation: its agent, its last messages; the visitor is anonymous. */
async function conversationBrief(
  context: EngineContext,
  conversationId: string,
  reason: string | null,
): Promise<EscalationBrief | null> {
  const conversation = await context.store.get('conversations', conversationId);
  if (!conversation) return null;
  const agent = await context.store.get('agents', conversation.agent_id);
  if (!agent) return null;
  const latest = await context.store.list('messages', {
    where: { thread_id: conversationId },
    limit: briefMessages,
    order: 'desc',
  });
  return {
    session_id: conversationId,
    app: {
      id: agent.id,
      name: agent.name,
      slack_support_channel: agent.slack_support_channel ?? null,
      kind: 'agent',
    },
    reason: reason ?? conversation.escalation_reason ?? null,
    escalated_at: conversation.escalated_at ?? null,
    channel: 'share',
    visitor: { name: null, user_id: null },
    metadata: {},
    message_ids: latest.items.map((message) => message.id),
    recent_messages: latest.items
      .reverse()
      .filter((message) => message.content !== '')
      .map((message) => ({ role: message.role, content: message.content, author: message.author ?? null })),
  };
}

/** An escalated conversation nobody holds becomes `person`'s (as the inbox's Take over). */
async function holdConversationFor(
  context: EngineContext,
  agentId: string,
  conversationId: string,
  person: { id: string; name: string },
): Promise<void> {
  const held = await context.turns.run(conversationId, async () => {
    const conversation = await context.store.get('conversations', conversationId);
    if (!conversation || conversation.agent_id !== agentId) return false;
    if (!conversation.escalated || conversation.assigned_to) return false;
    const assigned: ConversationRecord = {
      ...conversation,
      assigned_to: person,
      updated_at: toIso(context.clock.now()),
    };
    await commit(context, [put('conversations', assigned)]);
    return true;
  });
  if (held)
    publishSessionEvent(context.bus, { type: 'assigned', session_id: conversationId, operator: person });
}
