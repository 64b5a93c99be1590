/**
 * The engine's session, conversation and inbox services, each bound to the engine's context
 * (`engine.sessions`, `engine.conversations`, `engine.inbox`).
 */
import type { SessionEvent, SessionTurnEvent } from './bus/event-bus.js';
import { sessionTopic, turnTopic } from './bus/event-bus.js';
import type { EngineContext } from './context.js';
import type { Principal } from './principal.js';
import { awayReason, sweepHandoffTimeouts } from './services/away.js';
import { conversationCitation, sessionCitation } from './services/citation-context.js';
import { leaveContact } from './services/contact.js';
import { conversationAwayOf, leaveConversationContact } from './services/conversation-away.js';
import * as conversationHandoff from './services/conversation-handoff.js';
import * as conversations from './services/conversations.js';
import { escalateSession } from './services/escalation.js';
import { type FeedbackInput, rateConversationMessage, rateMessage } from './services/feedback.js';
import { type HumanMessageInput, postHumanMessage, resolveSession } from './services/handoff.js';
import type { ClaimedIdentity } from './services/identity.js';
import * as inbox from './services/inbox.js';
import { visitorOf } from './services/returning-user.js';
import * as sessions from './services/sessions.js';
import { announceTyping, assignSession } from './services/takeover.js';
import type { ListParameters } from './util/pagination.js';

/** An agent's conversations (the share page): read, rate, cite, hand over to a person and back. */
export function conversationServices(context: EngineContext) {
  return {
    list: (agentId: string, parameters: ListParameters) =>
      conversations.listConversations(context, agentId, parameters),
    /** Given a principal, not_found unless that credential may read or continue the conversation. */
    get: (agentId: string, conversationId: string, principal?: Principal) =>
      conversations.getConversation(context, agentId, conversationId, principal),
    delete: (agentId: string, conversationId: string) =>
      conversations.deleteConversation(context, agentId, conversationId),
    /** Thumbs up or down on an answer of the conversation, as `sessions.rate` on a session's; `principal` as for `get`. */
    rate: (
      agentId: string,
      conversationId: string,
      messageId: string,
      input: FeedbackInput,
      principal?: Principal,
    ) => rateConversationMessage(context, agentId, conversationId, messageId, input, principal),
    /** Citation `number` of an answer with its page's text around the excerpt; `principal` as for `get`. */
    citation: (
      agentId: string,
      conversationId: string,
      messageId: string,
      number: number,
      principal?: Principal,
    ) => conversationCitation(context, agentId, conversationId, messageId, number, principal),
    /** The visitor asks for a person (the share page); `principal` reaches only the conversations it opened. */
    escalate: (agentId: string, conversationId: string, principal: Principal) =>
      conversationHandoff.escalateConversation(context, agentId, conversationId, principal),
    /** The share page's visitor leaves an email while no person will answer soon (its team app's away). */
    leaveContact: (appId: string, conversationId: string, email: string, principal: Principal) =>
      leaveConversationContact(context, appId, conversationId, email, principal),
    /** Whether a reloaded share page is told again that no person will answer soon (and by which app's team). */
    awayReason: (agentId: string, conversationId: string) =>
      conversationAwayOf(context, agentId, conversationId),
    /** A person answers the escalated conversation; the share page hears it live. */
    postHumanMessage: (agentId: string, conversationId: string, input: HumanMessageInput) =>
      conversationHandoff.postConversationMessage(context, agentId, conversationId, input),
    /** Whether a person answers the conversation now; `principal` as for `get`. */
    escalated: async (agentId: string, conversationId: string, principal?: Principal) => {
      const conversation = principal
        ? await conversations.getConversationFor(context, principal, agentId, conversationId)
        : await conversations.getConversationRecord(context, agentId, conversationId);
      return conversation.escalated === true;
    },
    /** Hands the conversation back to the bot. */
    resolve: (agentId: string, conversationId: string) =>
      conversationHandoff.resolveConversation(context, agentId, conversationId),
    /** Calls `listener` with the conversation's live events (a person's reply, typing, escalation, hand-back). */
    follow: (conversationId: string, listener: (event: SessionEvent) => void): (() => void) =>
      context.bus.subscribe(sessionTopic(conversationId), listener),
  };
}

/** An app's sessions: open, continue, end, rate, cite, hand over to a person and back, sweep. */
export function sessionServices(context: EngineContext) {
  return {
    /** Checks a chat window's claimed identity; a verified user's open session, to continue it. */
    visitor: (appId: string, claimed: ClaimedIdentity, principal: Principal) =>
      visitorOf(context, appId, claimed, principal),
    /** Records who opened it (`principal`, or a connector's `channel:<platform>`): see `check`. */
    create: (appId: string, input: sessions.CreateSessionInput, opener?: sessions.SessionOpener) =>
      sessions.createSession(context, appId, input, opener),
    /** Given a principal, not_found unless that credential may reach the session, as for `check`. */
    history: (appId: string, sessionId: string, principal?: Principal) =>
      sessions.getHistory(context, appId, sessionId, principal),
    /**
     * Throws not_found (`details.session_id`) unless the session is of this app, neither ended nor
     * expired, and (given a principal) one it may reach: a publishable key only those it opened.
     */
    check: async (appId: string, sessionId: string, principal?: Principal): Promise<void> => {
      await sessions.getLiveSession(context, appId, sessionId, principal);
    },
    end: (appId: string, sessionId: string) => sessions.endSession(context, appId, sessionId),
    escalate: (appId: string, sessionId: string, principal?: Principal) =>
      escalateSession(context, appId, sessionId, principal),
    postHumanMessage: (appId: string, sessionId: string, input: HumanMessageInput) =>
      postHumanMessage(context, appId, sessionId, input),
    resolve: (appId: string, sessionId: string) => resolveSession(context, appId, sessionId),
    rate: (
      appId: string,
      sessionId: string,
      messageId: string,
      input: FeedbackInput,
      principal?: Principal,
    ) => rateMessage(context, appId, sessionId, messageId, input, principal),
    /** Citation `number` of an answer with its page's text around the excerpt; a publishable key reaches only its sessions. */
    citation: (appId: string, sessionId: string, messageId: string, number: number, principal?: Principal) =>
      sessionCitation(context, appId, sessionId, messageId, number, principal),
    /** Calls `listener` with the session's live events (a person's reply, escalation, resolution) until the returned function is called. */
    follow: (sessionId: string, listener: (event: SessionEvent) => void): (() => void) =>
      context.bus.subscribe(sessionTopic(sessionId), listener),
    /** Ends every expired session with `session.ended`; the server runs it on a timer. */
    sweepExpired: () => sessions.sweepExpiredSessions(context),
    /** Tells visitors whose escalation nobody took within the app's handoff timeout that no one is free. */
    sweepHandoffTimeouts: () => sweepHandoffTimeouts(context),
    /** Why no person will answer the session soon (`closed`, `timeout`), or null: told again to a reloaded chat. */
    awayReason: (appId: string, sessionId: string) => awayReason(context, appId, sessionId),
    /** The visitor leaves an email to be answered later (session metadata `contact_email`, webhooks). */
    leaveContact: (appId: string, sessionId: string, email: string, principal?: Principal) =>
      leaveContact(context, appId, sessionId, email, principal),
    /** What the sweeps cost: the sessions they read so far (only the due ones). */
    sweepStats: () => ({ examined: context.sessionExpiries.examined }),
  };
}

/** What the people answering conversations use (the console's inbox): every app's sessions, live. */
export function inboxServices(context: EngineContext) {
  return {
    /** Sessions newest activity first, filtered (`app_id`, status, channel, escalated, words), a page at a time. */
    list: (principal: Principal, query: inbox.InboxQuery) => inbox.listInbox(context, principal, query),
    /** The summary the list shows of one session, or null when there is no such session. */
    summary: async (sessionId: string) => {
      const entry = await inbox.inboxEntry(context, sessionId);
      return entry ? inbox.presentInboxSession(context, entry) : null;
    },
    /** A session of the app with its whole transcript (citations, tools, feedback), ended ones too. */
    transcript: (appId: string, sessionId: string) => inbox.getInboxTranscript(context, appId, sessionId),
    /** Takes the session over for the calling person: escalated (the model stays quiet) and assigned. */
    assign: (appId: string, sessionId: string, principal: Principal, name?: string) =>
      assignSession(context, appId, sessionId, principal, name),
    /** Tells the visitor a person is typing; nothing is stored. */
    typing: (appId: string, sessionId: string, principal: Principal, name?: string) =>
      announceTyping(context, appId, sessionId, principal, name),
    /** An agent's conversation (the share page) with its whole transcript, as `transcript` gives a session. */
    conversationTranscript: (agentId: string, conversationId: string) =>
      inbox.getConversationInboxTranscript(context, agentId, conversationId),
    /** Takes an agent's conversation over, as `assign` a session. */
    assignConversation: (agentId: string, conversationId: string, principal: Principal, name?: string) =>
      conversationHandoff.assignConversation(context, agentId, conversationId, principal, name),
    /** Tells the share page's visitor a person is typing, as `typing` a session's. */
    conversationTyping: (agentId: string, conversationId: string, principal: Principal, name?: string) =>
      conversationHandoff.conversationTyping(context, agentId, conversationId, principal, name),
    /** Calls `listener` with the id of every session whose summary changed, until the returned function is called. */
    followChanges: (listener: (change: { session_id: string; app_id: string }) => void): (() => void) =>
      context.bus.subscribe('inbox', listener),
    /** Every session's live events (messages, escalation, assignment, typing, hand-back). */
    followSessions: (listener: (event: SessionEvent) => void): (() => void) =>
      context.bus.subscribe('sessions', listener),
    /** A session's turn events as they happen (start, token, tool_call, citation, done). */
    watchTurns: (sessionId: string, listener: (event: SessionTurnEvent) => void): (() => void) =>
      context.bus.subscribe(turnTopic(sessionId), listener),
  };
}
