import { z } from 'zod';
import * as schemas from './schemas/index.js';

/** The payloads of the client's Socket.IO messages: the HTTP bodies and paths, flattened into one object. */

/**
 * Chosen by the client, one per message. Turns are kept per credential, and a publishable key or share
 * link is shared by every visitor of a site, so the id must be one nobody else can guess (a UUID).
 */
export const requestId = z
  .string()
  .min(16, 'must be at least 16 characters: a random id such as a UUID')
  .max(100);

export const executePayload = schemas.executeBody.extend({
  app_id: schemas.identifier,
  request_id: requestId.optional(),
});

export const chatPayload = schemas.chatBody.omit({ stream: true }).extend({
  agent_id: schemas.identifier,
  request_id: requestId.optional(),
});

export const resumePayload = z.strictObject({
  request_id: requestId,
  from_seq: z.number().int().min(0).default(0),
});

export const configPayload = z
  .strictObject({
    app_id: schemas.identifier.optional(),
    agent_id: schemas.identifier.optional(),
    metadata: schemas.metadata.optional(),
    user_id: schemas.executeBody.shape.user_id,
    user_hash: schemas.executeBody.shape.user_hash,
  })
  .superRefine((value, context) => {
    if ((value.app_id === undefined) === (value.agent_id === undefined)) {
      context.addIssue({ code: 'custom', path: ['app_id'], message: 'give either app_id or agent_id' });
    }
  });

export const sessionPayload = schemas.sessionPath;

/** `contact`: the visitor leaves an email to be answered later. */
export const contactPayload = z.strictObject({ ...schemas.sessionPath.shape, ...schemas.contactBody.shape });

/** `contact` on the share page: an agent's conversation, its team app named by the `away` event. */
export const conversationContactPayload = z.strictObject({
  app_id: schemas.identifier,
  conversation_id: schemas.identifier,
  ...schemas.contactBody.shape,
});

export const conversationPayload = z.strictObject({
  agent_id: schemas.identifier,
  conversation_id: schemas.identifier,
});

export const sessionFeedbackPayload = z.strictObject({
  ...schemas.messagePath.shape,
  ...schemas.feedbackBody.shape,
});

export const conversationFeedbackPayload = z.strictObject({
  agent_id: schemas.identifier,
  conversation_id: schemas.identifier,
  message_id: schemas.identifier,
  ...schemas.feedbackBody.shape,
});

/**
 * `feedback` rates an answer of a session (`app_id`, `session_id`) or, with `agent_id`, of an agent's
 * conversation (`conversation_id`). The form is picked by `agent_id` before validating, so a problem
 * names its field as in any other payload (a plain union would only name `body`).
 */
export function feedbackPayloadFor(
  payload: unknown,
): typeof sessionFeedbackPayload | typeof conversationFeedbackPayload {
  return typeof payload === 'object' && payload !== null && 'agent_id' in payload
    ? conversationFeedbackPayload
    : sessionFeedbackPayload;
}

/** `citation`: a source of an answer with its page's text, for the source viewer (session or conversation, as `feedback`). */
export const sessionCitationPayload = schemas.citationPath;

export const conversationCitationPayload = z.strictObject({
  agent_id: schemas.identifier,
  conversation_id: schemas.identifier,
  message_id: schemas.identifier,
  n: z.number().int().min(1).max(999),
});

export function citationPayloadFor(
  payload: unknown,
): typeof sessionCitationPayload | typeof conversationCitationPayload {
  return typeof payload === 'object' && payload !== null && 'agent_id' in payload
    ? conversationCitationPayload
    : sessionCitationPayload;
}

export type ConfigPayload = z.output<typeof configPayload>;

/** The console feed (`/console`): `watch` and `unwatch` a session's live turns, messages and typing. */
export const watchPayload = sessionPayload;
