import * as schemas from '@parley/contract/schemas';
import { requireAppAccess } from '@parley/engine';
import { defineRoute } from './define-route.js';

const tag = 'Handoff';

export const handoffRoutes = [
  defineRoute({
    method: 'post',
    path: '/v1/apps/:app_id/sessions/:session_id/escalate',
    operationId: 'escalateSession',
    summary: 'Ask for a person',
    description:
      'Marks the session escalated and fires `conversation.escalated` once, however often it is asked. ' +
      'Users also escalate by asking in words ("talk to a human"), and the model by calling `escalate_to_human`.',
    tag,
    access: 'app',
    params: schemas.sessionPath,
    body: schemas.emptyBody,
    response: schemas.escalated,
    handle: async ({ engine, params, principal }) => {
      requireAppAccess(principal, params.app_id);
      return engine.sessions.escalate(params.app_id, params.session_id, principal);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/apps/:app_id/sessions/:session_id/contact',
    operationId: 'leaveContact',
    summary: 'Leave an email to be answered later',
    description:
      "The visitor's email is kept in the session's metadata as `contact_email` (the inbox shows it). While " +
      'the session is escalated, `conversation.escalated` fires again with `data.contact_email` (same ' +
      '`session_id` and `reason`), and each later `message.created` of the session carries `contact_email`, ' +
      'so a helpdesk can follow up. The widget offers it when the team is away (`opening_hours`) or nobody ' +
      'took the escalation within `handoff_timeout_seconds`.',
    tag,
    access: 'app',
    params: schemas.sessionPath,
    body: schemas.contactBody,
    response: schemas.contactLeft,
    handle: async ({ engine, params, body, principal }) => {
      requireAppAccess(principal, params.app_id);
      return engine.sessions.leaveContact(params.app_id, params.session_id, body.email, principal);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/apps/:app_id/sessions/:session_id/messages',
    operationId: 'postHumanMessage',
    summary: 'Answer an escalated session as a person',
    description:
      "The message is stored and reaches the user's live channel; the model stays quiet until resolve. " +
      "A console operator's message is signed with their name (`author` is then ignored). After resolve, the " +
      "person's messages are part of what the model reads.",
    tag,
    access: 'operator',
    params: schemas.sessionPath,
    body: schemas.humanMessageBody,
    response: schemas.humanMessage,
    successStatus: 201,
    handle: async ({ engine, params, body, principal }) =>
      engine.sessions.postHumanMessage(params.app_id, params.session_id, {
        content: body.content,
        author: (principal.kind === 'secret' ? principal.operator?.name : undefined) ?? body.author,
      }),
  }),
  defineRoute({
    method: 'post',
    path: '/v1/apps/:app_id/sessions/:session_id/resolve',
    operationId: 'resolveSession',
    summary: 'Hand the session back to the bot',
    description: 'The session is no longer escalated nor assigned; the model answers the next message.',
    tag,
    access: 'operator',
    params: schemas.sessionPath,
    body: schemas.emptyBody,
    response: schemas.resolved,
    handle: async ({ engine, params }) => engine.sessions.resolve(params.app_id, params.session_id),
  }),
  defineRoute({
    method: 'post',
    path: '/v1/apps/:app_id/sessions/:session_id/messages/:message_id/feedback',
    operationId: 'rateAnswer',
    summary: 'Rate an answer, thumbs up or down',
    tag,
    access: 'app',
    params: schemas.messagePath,
    body: schemas.feedbackBody,
    response: schemas.feedback,
    handle: async ({ engine, params, body, principal }) => {
      requireAppAccess(principal, params.app_id);
      return engine.sessions.rate(params.app_id, params.session_id, params.message_id, body, principal);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/apps/:app_id/analytics',
    operationId: 'getAnalytics',
    summary: 'How the app is doing: totals and a series per hour or day',
    tag: 'Analytics',
    access: 'secret',
    params: schemas.appPath,
    query: schemas.analyticsQuery,
    response: schemas.analytics,
    handle: async ({ engine, params, query }) => engine.analytics(params.app_id, query),
  }),
  defineRoute({
    method: 'get',
    path: '/v1/apps/:app_id/analytics/unanswered',
    operationId: 'getUnansweredQuestions',
    summary: 'The questions the agents could not answer',
    description:
      'The newest answers in the window (at most 20) that did not answer, each with its question: no passage ' +
      'cited though the knowledge was searched (`no_source`), cut short (`failed`), rated 👎 (`rated_down`), ' +
      'or handed to a person by the model (`escalated`). Reads at most the newest 2,000 messages of the window.',
    tag: 'Analytics',
    access: 'secret',
    params: schemas.appPath,
    query: schemas.unansweredQuery,
    response: schemas.unansweredQuestions,
    handle: async ({ engine, params, query }) => engine.unansweredQuestions(params.app_id, query),
  }),
];
