import * as schemas from '@parley/contract/schemas';
import { defineRoute } from './define-route.js';

const tag = 'Handoff';

/**
 * The handoff of an agent's conversation (the share page), as a session's: the visitor asks for a
 * person; the people answering read it, take it over, type, answer and hand it back.
 */
export const conversationHandoffRoutes = [
  defineRoute({
    method: 'post',
    path: '/v1/agents/:id/conversations/:conversation_id/escalate',
    operationId: 'escalateConversation',
    summary: "Ask for a person in an agent's conversation",
    description:
      'The share page\'s "Talk to a person": the conversation is escalated (once, however often it is asked), ' +
      'the model stays quiet and the inbox is told. Visitors also ask in words ("agent please"), and the model ' +
      'by calling `escalate_to_human`. A share token reaches only the conversations it opened. Agent ' +
      'conversations belong to no app: no app webhook fires.',
    tag,
    access: 'agent',
    params: schemas.conversationPath,
    body: schemas.emptyBody,
    response: schemas.conversationEscalated,
    handle: async ({ engine, params, principal }) => {
      await engine.agents.checkAccess(principal, params.id);
      return engine.conversations.escalate(params.id, params.conversation_id, principal);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/agents/:id/conversations/:conversation_id/messages/:message_id/citations/:n',
    operationId: 'getConversationCitationContext',
    summary: "Get a citation of an answer in an agent's conversation with its page's text around the excerpt",
    description:
      "The share page's source viewer, as a session's (`GET /v1/apps/:app_id/sessions/:session_id/messages/" +
      ':message_id/citations/:n`). A share token reaches only the conversations it opened.',
    tag: 'Conversations',
    access: 'agent',
    params: schemas.conversationCitationPath,
    response: schemas.citationContext,
    handle: async ({ engine, params, principal }) => {
      await engine.agents.checkAccess(principal, params.id);
      return engine.conversations.citation(
        params.id,
        params.conversation_id,
        params.message_id,
        params.n,
        principal,
      );
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/agents/:id/conversations/:conversation_id/inbox',
    operationId: 'getConversationInbox',
    summary: "Get an agent's conversation as the inbox shows it",
    description:
      "The inbox's summary of the conversation and its whole transcript, as a session's " +
      '(`GET /v1/apps/:app_id/sessions/:session_id`).',
    tag: 'Inbox',
    access: 'operator',
    params: schemas.conversationPath,
    response: schemas.inboxTranscript,
    handle: async ({ engine, params }) =>
      engine.inbox.conversationTranscript(params.id, params.conversation_id),
  }),
  defineRoute({
    method: 'post',
    path: '/v1/agents/:id/conversations/:conversation_id/assign',
    operationId: 'assignConversation',
    summary: "Take an agent's conversation over",
    description:
      "As a session's `assign`: the conversation becomes escalated, so the model stays quiet, and is " +
      'assigned to the caller until `resolve`. A console operator is named by their account; a secret key gives `name`.',
    tag: 'Inbox',
    access: 'operator',
    params: schemas.conversationPath,
    body: schemas.assignBody,
    response: schemas.conversationAssignment,
    handle: async ({ engine, params, body, principal }) =>
      engine.inbox.assignConversation(params.id, params.conversation_id, principal, body.name),
  }),
  defineRoute({
    method: 'post',
    path: '/v1/agents/:id/conversations/:conversation_id/typing',
    operationId: 'conversationTyping',
    summary: 'Show the share page visitor that a person is typing',
    description:
      'The share page shows "<name> is typing…" for a few seconds; send it again while typing. Only in an ' +
      'escalated conversation. Nothing is stored.',
    tag: 'Inbox',
    access: 'operator',
    params: schemas.conversationPath,
    body: schemas.typingBody,
    response: schemas.conversationTyping,
    handle: async ({ engine, params, body, principal }) =>
      engine.inbox.conversationTyping(params.id, params.conversation_id, principal, body.name),
  }),
  defineRoute({
    method: 'post',
    path: '/v1/agents/:id/conversations/:conversation_id/messages',
    operationId: 'postConversationHumanMessage',
    summary: "Answer an escalated agent's conversation as a person",
    description:
      'The message is stored and reaches the share page live; the model stays quiet until resolve. A console ' +
      "operator's message is signed with their name (`author` is then ignored). After resolve, the person's " +
      'messages are part of what the model reads.',
    tag,
    access: 'operator',
    params: schemas.conversationPath,
    body: schemas.humanMessageBody,
    response: schemas.conversationHumanMessage,
    successStatus: 201,
    handle: async ({ engine, params, body, principal }) =>
      engine.conversations.postHumanMessage(params.id, params.conversation_id, {
        content: body.content,
        author: (principal.kind === 'secret' ? principal.operator?.name : undefined) ?? body.author,
      }),
  }),
  defineRoute({
    method: 'post',
    path: '/v1/agents/:id/conversations/:conversation_id/resolve',
    operationId: 'resolveConversation',
    summary: "Hand an agent's conversation back to the bot",
    description: 'The conversation is no longer escalated nor assigned; the model answers the next message.',
    tag,
    access: 'operator',
    params: schemas.conversationPath,
    body: schemas.emptyBody,
    response: schemas.conversationResolved,
    handle: async ({ engine, params }) => engine.conversations.resolve(params.id, params.conversation_id),
  }),
];
