import * as schemas from '@parley/contract/schemas';
import { requireAppAccess } from '@parley/engine';
import { answerAsEventStream } from './answer-turn.js';
import { defineRoute } from './define-route.js';

const tag = 'Sessions';

export const sessionRoutes = [
  defineRoute({
    method: 'post',
    path: '/v1/apps/:app_id/sessions',
    operationId: 'createSession',
    summary: 'Start a session',
    tag,
    access: 'app',
    params: schemas.appPath,
    body: schemas.createSessionBody,
    response: schemas.session,
    successStatus: 201,
    handle: async ({ engine, params, body, principal }) => {
      requireAppAccess(principal, params.app_id);
      return engine.sessions.create(params.app_id, body, principal);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/apps/:app_id/execute',
    operationId: 'execute',
    summary: 'Send a message and receive the answer',
    description: 'Without `session_id` a new session is opened and its id returned.',
    tag,
    access: 'app',
    params: schemas.appPath,
    body: schemas.executeBody,
    response: schemas.executeResponse,
    handle: async ({ engine, params, body, principal, signal }) => {
      requireAppAccess(principal, params.app_id);
      return engine.execute(params.app_id, body, { signal }, principal);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/apps/:app_id/execute/stream',
    operationId: 'executeStream',
    summary: 'Send a message and receive the answer as Server-Sent Events',
    description:
      'Events: `start {trace_id, session_id}`, `token {content}`, `tool_call {tool, status}`, `citation {…}`, ' +
      '`done {usage, agent, agent_id, tools_used, session_id, trace_id, message_id}`, and `error {error}` ' +
      'when the answer fails after the stream began.',
    tag,
    access: 'app',
    params: schemas.appPath,
    body: schemas.executeBody,
    streams: 'always',
    handle: async (input) => {
      const { engine, params, body, principal } = input;
      requireAppAccess(principal, params.app_id);
      return answerAsEventStream(input, (options) => engine.execute(params.app_id, body, options, principal));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/apps/:app_id/sessions/:session_id/history',
    operationId: 'getSessionHistory',
    summary: 'Get the messages of a session',
    tag,
    access: 'app',
    params: schemas.sessionPath,
    response: schemas.historyResponse,
    handle: async ({ engine, params, principal }) => {
      requireAppAccess(principal, params.app_id);
      return engine.sessions.history(params.app_id, params.session_id, principal);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/apps/:app_id/sessions/:session_id/messages/:message_id/citations/:n',
    operationId: 'getCitationContext',
    summary: "Get a citation of an answer with its page's text around the excerpt",
    description:
      "The widget's source viewer: citation `n` (as in the answer's `[n]`) with the text of its page before and " +
      'after the excerpt, from the stored passages. A publishable key reaches only the sessions it opened.',
    tag,
    access: 'app',
    params: schemas.citationPath,
    response: schemas.citationContext,
    handle: async ({ engine, params, principal }) => {
      requireAppAccess(principal, params.app_id);
      return engine.sessions.citation(
        params.app_id,
        params.session_id,
        params.message_id,
        params.n,
        principal,
      );
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/v1/apps/:app_id/sessions/:session_id',
    operationId: 'endSession',
    summary: 'End a session',
    description: 'Later calls with the session answer 404 `not_found`.',
    tag,
    access: 'secret',
    params: schemas.sessionPath,
    response: schemas.endedSession,
    handle: async ({ engine, params }) => engine.sessions.end(params.app_id, params.session_id),
  }),
];
