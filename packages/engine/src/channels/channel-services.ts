import type { SessionEvent } from '../bus/event-bus.js';
import type { EngineContext } from '../context.js';
import { notFound } from '../errors.js';
import type { TurnEvent } from '../events.js';
import { commit } from '../services/commit.js';
import { type EscalationResponse, requestEscalation } from '../services/escalation.js';
import { type ExecuteInput, type ExecuteResult, execute } from '../services/execute.js';
import { type FeedbackInput, rateMessage } from '../services/feedback.js';
import { type CreateSessionInput, createSession } from '../services/sessions.js';
import { put } from '../store/store.js';
import type { ChannelLinkRecord } from '../types.js';
import { pullEvents } from '../util/pull-events.js';

/** Where each platform conversation's session is kept (`channel_links`). */
export interface ChannelLinks {
  byConversation(conversationKey: string): Promise<ChannelLinkRecord | undefined>;
  bySession(sessionId: string): Promise<ChannelLinkRecord | undefined>;
  save(link: ChannelLinkRecord): Promise<void>;
}

/**
 * What the channel bridge needs of the engine, and no more: the engine gives
 * these as `engine.channels`, so a bridge never reaches the store or the bus.
 */
export interface ChannelServices {
  /**
   * A streamed turn of an app's session, as `engine.execute`, read by pulling: its events as they
   * come, then the answer (or the turn's error).
   */
  execute(appId: string, input: ExecuteInput): AsyncGenerator<TurnEvent, ExecuteResult>;
  /** Opens a session for a platform conversation, recorded as opened by `opener` (`channel:<platform>`). */
  openSession(appId: string, input: CreateSessionInput, opener: string): Promise<{ session_id: string }>;
  /** The user asks for a person; says whether the session was escalated already. */
  escalate(
    appId: string,
    sessionId: string,
  ): Promise<{ response: EscalationResponse; alreadyEscalated: boolean }>;
  rate(appId: string, sessionId: string, messageId: string, input: FeedbackInput): Promise<unknown>;
  /** The app's name, greeting (unrendered) and starter prompts. */
  appIntro(appId: string): Promise<{ name: string; greeting: string | null; starter_prompts: string[] }>;
  /** The app's starter prompts (none when it has none or is gone). */
  starterPrompts(appId: string): Promise<string[]>;
  /** Every session's live events (a person's reply, escalation, resolution) until the returned function is called. */
  followSessions(listener: (event: SessionEvent) => void): () => void;
  links: ChannelLinks;
  /** Runs `task` holding the lock of a platform conversation's link (shared by the nodes when locks are). */
  lockLink<T>(conversationKey: string, task: () => Promise<T>): Promise<T>;
  /** True the first time `key` is seen within `ttlMs` (on any node when the dedupe is shared). */
  firstSeen(key: string, ttlMs: number): Promise<boolean>;
  /** The engine's clock, in milliseconds. */
  now(): number;
}

export function createChannelServices(context: EngineContext): ChannelServices {
  return {
    execute: (appId, input) =>
      pullEvents((onEvent: (event: TurnEvent) => void) =>
        execute(context, appId, input, { stream: true, onEvent }),
      ),
    openSession: (appId, input, opener) => createSession(context, appId, input, opener),
    escalate: (appId, sessionId) => requestEscalation(context, appId, sessionId),
    rate: (appId, sessionId, messageId, input) => rateMessage(context, appId, sessionId, messageId, input),
    appIntro: async (appId) => {
      const app = await context.store.get('apps', appId);
      if (!app) throw notFound('App', 'app_id', appId);
      return { name: app.name, greeting: app.greeting, starter_prompts: app.starter_prompts };
    },
    starterPrompts: async (appId) => (await context.store.get('apps', appId))?.starter_prompts ?? [],
    followSessions: (listener) => context.bus.subscribe('sessions', listener),
    links: {
      byConversation: (conversationKey) =>
        context.store.findOne('channel_links', { conversation_key: conversationKey }),
      bySession: (sessionId) => context.store.findOne('channel_links', { session_id: sessionId }),
      save: (link) => commit(context, [put('channel_links', link)]),
    },
    lockLink: (conversationKey, task) => context.turns.run(`channel-link:${conversationKey}`, task),
    firstSeen: (key, ttlMs) => context.dedupe.firstSeen(key, ttlMs),
    now: () => context.clock.now(),
  };
}
