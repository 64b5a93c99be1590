import * as schemas from '@parley/contract/schemas';
import { invalidRequest } from '@parley/engine';
import { answerAsEventStream } from './answer-turn.js';
import { defineRoute, type ServerServices } from './define-route.js';

const tag = 'Agents';

/** Refuses tool URLs the server may not call: literal private addresses and localhost, unless allowed. */
function checkToolUrls(services: ServerServices, tools: { url: string }[] | undefined): void {
  tools?.forEach((tool, index) => {
    const problem = services.checkWebhookUrl(tool.url);
    if (problem) throw invalidRequest(`tools.${index}.url`, problem);
  });
}

const toolsDescription =
  '`tools` are HTTP tools the model may call: `{type: "http", name, description, parameters (JSON Schema), ' +
  'url, method, headers}`. Arguments that do not fit `parameters` are not sent; the model is told why. A turn ' +
  'makes at most 5 model calls; a tool call times out after `PARLEY_TOOL_TIMEOUT_MS` (10 s) and the model ' +
  'reads the first 32 KiB of the answer. Tool URLs on private or loopback addresses are refused unless ' +
  '`PARLEY_ALLOW_PRIVATE_URLS=1`; names are checked again once resolved, at call time. Header values are ' +
  'stored as given and shown masked; sending a masked value back keeps the stored one.';

export const agentRoutes = [
  defineRoute({
    method: 'get',
    path: '/v1/agents',
    operationId: 'listAgents',
    summary: 'List agents',
    tag,
    access: 'secret',
    query: schemas.listQuery,
    response: schemas.listOf(schemas.agentSummary),
    handle: async ({ engine, query }) => engine.agents.list(query),
  }),
  defineRoute({
    method: 'post',
    path: '/v1/agents',
    operationId: 'createAgent',
    summary: 'Create an agent',
    description: toolsDescription,
    tag,
    access: 'secret',
    body: schemas.createAgentBody,
    response: schemas.agent,
    successStatus: 201,
    handle: async ({ engine, services, body }) => {
      checkToolUrls(services, body.tools);
      return engine.agents.create(body);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/agents/:id',
    operationId: 'getAgent',
    summary: 'Get an agent',
    tag,
    access: 'secret',
    params: schemas.agentPath,
    response: schemas.agent,
    handle: async ({ engine, params }) => engine.agents.get(params.id),
  }),
  defineRoute({
    method: 'patch',
    path: '/v1/agents/:id',
    operationId: 'updateAgent',
    summary: 'Update an agent',
    description: `Only the fields given change; \`settings\` are merged with the existing ones. ${toolsDescription}`,
    tag,
    access: 'secret',
    params: schemas.agentPath,
    body: schemas.updateAgentBody,
    response: schemas.agent,
    handle: async ({ engine, services, params, body }) => {
      checkToolUrls(services, body.tools);
      return engine.agents.update(params.id, body);
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/v1/agents/:id',
    operationId: 'deleteAgent',
    summary: 'Delete an agent and its conversations',
    tag,
    access: 'secret',
    params: schemas.agentPath,
    response: schemas.deleted,
    handle: async ({ engine, params }) => engine.agents.delete(params.id),
  }),
  defineRoute({
    method: 'post',
    path: '/v1/agents/:id/tools/test',
    operationId: 'testAgentTool',
    summary: "Test an agent's HTTP tool",
    description:
      'Calls an HTTP tool once with sample `arguments`, as a turn would: the arguments are checked against its ' +
      '`parameters`, then the server calls its URL with the same guards (private and loopback addresses refused ' +
      'unless `PARLEY_ALLOW_PRIVATE_URLS=1`, the timeout, the 32 KiB cut). The tool may be unsaved (the ' +
      'console tests it from its editor); nothing is stored. A failed call is still a 200: `ok: false` and `error` ' +
      'say what the model would have been told.',
    tag,
    access: 'secret',
    params: schemas.agentPath,
    body: schemas.toolTestBody,
    response: schemas.toolTestResult,
    handle: async ({ engine, services, params, body, signal }) => {
      const problem = services.checkWebhookUrl(body.tool.url);
      if (problem) throw invalidRequest('tool.url', problem);
      return engine.agents.testTool(params.id, body, signal);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/agents/:id/datastores',
    operationId: 'connectDatastore',
    summary: 'Connect a datastore to an agent',
    tag,
    access: 'secret',
    params: schemas.agentPath,
    body: schemas.connectDatastoreBody,
    response: schemas.agent,
    handle: async ({ engine, params, body }) => engine.agents.connectDatastore(params.id, body.datastore_id),
  }),
  defineRoute({
    method: 'delete',
    path: '/v1/agents/:id/datastores/:datastore_id',
    operationId: 'disconnectDatastore',
    summary: 'Disconnect a datastore from an agent',
    tag,
    access: 'secret',
    params: schemas.agentDatastorePath,
    response: schemas.agent,
    handle: async ({ engine, params }) => engine.agents.disconnectDatastore(params.id, params.datastore_id),
  }),
  defineRoute({
    method: 'post',
    path: '/v1/agents/:id/chat',
    operationId: 'chat',
    summary: 'Send a message to an agent',
    description:
      'With `stream: true` the answer comes as Server-Sent Events like execute/stream; `done` also carries ' +
      '`id`, `conversation_id`, `message_id` (the stored answer, `null` when no conversation is kept), ' +
      '`citations`, `applied_definitions` and `created_at`.',
    tag,
    access: 'agent',
    params: schemas.agentPath,
    body: schemas.chatBody,
    response: schemas.chatResponse,
    streams: 'when-requested',
    handle: async (input) => {
      const { engine, params, body, principal, signal } = input;
      await engine.agents.checkAccess(principal, params.id);
      const { stream, ...question } = body;
      if (!stream) return engine.agents.chat(params.id, question, principal, { signal });
      return answerAsEventStream(input, (options) =>
        engine.agents.chat(params.id, question, principal, options),
      );
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/agents/:id/share',
    operationId: 'shareAgent',
    summary: 'Make a share link for an agent',
    description: 'The token works as a credential for this agent alone, until it expires or is revoked.',
    tag,
    access: 'secret',
    params: schemas.agentPath,
    body: schemas.shareBody,
    response: schemas.shareResponse,
    handle: async ({ engine, params, body, request }) => {
      const share = await engine.agents.share(params.id, body);
      const base = request.app.locals.publicUrl ?? `${request.protocol}://${request.get('host')}`;
      const shareUrl = `${base}/shared/${encodeURIComponent(params.id)}?token=${encodeURIComponent(share.token)}`;
      return { share_url: shareUrl, token: share.token, expires_at: share.expires_at };
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/v1/agents/:id/share',
    operationId: 'revokeShares',
    summary: 'Revoke every share link of an agent',
    tag,
    access: 'secret',
    params: schemas.agentPath,
    response: schemas.sharesRevoked,
    handle: async ({ engine, params }) => engine.agents.revokeShares(params.id),
  }),
];
