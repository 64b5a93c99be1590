import * as schemas from '@parley/contract/schemas';
import { defineRoute } from './define-route.js';

const tag = 'Inbox';

const listDescription =
  'Newest activity first, `limit` and `cursor` as every list. Each item says where the conversation comes from ' +
  '(`channel`), who the visitor is, the last message, whether it is escalated and who took it over. ' +
  'Open to console operators of every role (support staff included), and to secret keys.';

export const inboxRoutes = [
  defineRoute({
    method: 'get',
    path: '/v1/apps/:app_id/sessions',
    operationId: 'listSessions',
    summary: "List an app's sessions",
    description: listDescription,
    tag,
    access: 'operator',
    params: schemas.appPath,
    query: schemas.inboxQuery,
    response: schemas.listOf(schemas.inboxSession),
    handle: async ({ engine, params, query, principal }) => {
      await engine.apps.get(params.app_id);
      return engine.inbox.list(principal, { ...query, app_id: params.app_id });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/inbox/sessions',
    operationId: 'listInbox',
    summary: "List every app's sessions (the inbox)",
    description: `${listDescription} \`app_id\` narrows it to one app.`,
    tag,
    access: 'operator',
    query: schemas.allAppsInboxQuery,
    response: schemas.listOf(schemas.inboxSession),
    handle: async ({ engine, query, principal }) => engine.inbox.list(principal, query),
  }),
  defineRoute({
    method: 'get',
    path: '/v1/apps/:app_id/sessions/:session_id',
    operationId: 'getSession',
    summary: 'Get a session with its whole transcript',
    description:
      'Ended and expired sessions too. Each message carries its citations, the tools used, its feedback and, ' +
      "for a person's message, its author.",
    tag,
    access: 'operator',
    params: schemas.sessionPath,
    response: schemas.inboxTranscript,
    handle: async ({ engine, params }) => engine.inbox.transcript(params.app_id, params.session_id),
  }),
  defineRoute({
    method: 'post',
    path: '/v1/apps/:app_id/sessions/:session_id/assign',
    operationId: 'assignSession',
    summary: 'Take a session over',
    description:
      'The session becomes escalated (if it was not: `conversation.escalated` fires with reason `operator`), so ' +
      'the model stays quiet, and is assigned to the caller until `resolve` hands it back. A console operator ' +
      'is named by their account; a secret key gives `name`.',
    tag,
    access: 'operator',
    params: schemas.sessionPath,
    body: schemas.assignBody,
    response: schemas.inboxAssignment,
    handle: async ({ engine, params, body, principal }) =>
      engine.inbox.assign(params.app_id, params.session_id, principal, body.name),
  }),
  defineRoute({
    method: 'post',
    path: '/v1/apps/:app_id/sessions/:session_id/typing',
    operationId: 'sessionTyping',
    summary: 'Show the visitor that a person is typing',
    description:
      'The widget and the share page show "<name> is typing…" for a few seconds; send it again while typing. ' +
      'Only in an escalated session. Nothing is stored.',
    tag,
    access: 'operator',
    params: schemas.sessionPath,
    body: schemas.typingBody,
    response: schemas.inboxTyping,
    handle: async ({ engine, params, body, principal }) =>
      engine.inbox.typing(params.app_id, params.session_id, principal, body.name),
  }),
];
