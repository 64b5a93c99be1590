import * as schemas from '@parley/contract/schemas';
import { defineRoute } from './define-route.js';

const tag = 'Conversations';

export const conversationRoutes = [
  defineRoute({
    method: 'get',
    path: '/v1/agents/:id/conversations',
    operationId: 'listConversations',
    summary: 'List the conversations of an agent, newest first',
    tag,
    access: 'secret',
    params: schemas.agentPath,
    query: schemas.listQuery,
    response: schemas.listOf(schemas.conversationSummary),
    handle: async ({ engine, params, query }) => engine.conversations.list(params.id, query),
  }),
  defineRoute({
    method: 'get',
    path: '/v1/agents/:id/conversations/:conversation_id',
    operationId: 'getConversation',
    summary: 'Get a conversation with its messages',
    tag,
    access: 'secret',
    params: schemas.conversationPath,
    response: schemas.conversation,
    handle: async ({ engine, params }) => engine.conversations.get(params.id, params.conversation_id),
  }),
  defineRoute({
    method: 'delete',
    path: '/v1/agents/:id/conversations/:conversation_id',
    operationId: 'deleteConversation',
    summary: 'Delete a conversation and all its messages',
    tag,
    access: 'secret',
    params: schemas.conversationPath,
    response: schemas.deleted,
    handle: async ({ engine, params }) => engine.conversations.delete(params.id, params.conversation_id),
  }),
];
