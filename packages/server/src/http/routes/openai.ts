import * as schemas from '@parley/contract/schemas';
import { answerChatCompletion } from '../openai-compatible/chat-completion.js';
import { openAiErrorBody } from '../openai-compatible/error-body.js';
import { modelsFor, presentModel, resolveModel } from '../openai-compatible/models.js';
import { defineRoute, type ErrorFormat } from './define-route.js';

const tag = 'OpenAI-compatible';

/** Every error of these routes in OpenAI's shape, so OpenAI clients raise their own errors. */
const errorFormat: ErrorFormat = { schema: schemas.openAiErrorResponse, body: openAiErrorBody };

const chunksDescription =
  'Server-Sent Events of `data:` lines, as OpenAI streams: `chat.completion.chunk` objects (the first with ' +
  '`delta.role` and `parley.session_id | conversation_id`, then `delta.content` pieces, then one with ' +
  '`finish_reason: "stop"` and the full `parley` extension), with `stream_options.include_usage` a last ' +
  'chunk with empty `choices` and `usage`, then `data: [DONE]`. A failure after the first chunk is a ' +
  '`data: {"error": {…}}` line and the stream ends. The concatenated `delta.content` is the stored answer.';

export const openAiRoutes = [
  defineRoute({
    method: 'get',
    path: '/v1/models',
    operationId: 'listModels',
    summary: 'List the agents and apps this key may use, as models',
    description: 'Model ids are agent ids (`agt_…`) and app ids (`app_…`); `parley` names the kind and name.',
    tag,
    access: 'model',
    response: schemas.modelList,
    errorFormat,
    handle: async ({ engine, principal }) => ({
      object: 'list',
      data: (await modelsFor(engine, principal)).map(presentModel),
    }),
  }),
  defineRoute({
    method: 'get',
    path: '/v1/models/:model',
    operationId: 'getModel',
    summary: 'Get one agent or app as a model',
    tag,
    access: 'model',
    params: schemas.modelPath,
    response: schemas.model,
    errorFormat,
    handle: async ({ engine, principal, params }) =>
      presentModel(await resolveModel(engine, principal, params.model)),
  }),
  defineRoute({
    method: 'post',
    path: '/v1/chat/completions',
    operationId: 'createChatCompletion',
    summary: 'Chat with an agent or an app through the OpenAI Chat Completions protocol',
    description:
      '`model` names an agent or an app. The last message (a `user` one) is the turn; earlier messages are ' +
      'not read, since Parley keeps the history: continue an app session with the `X-Parley-Session-Id` ' +
      'header or `metadata.session_id`, an agent conversation with `X-Parley-Conversation-Id` or ' +
      '`metadata.conversation_id` (the ids come back in `parley`). Without one, a new session or ' +
      'conversation begins. Sampling fields (`temperature`, …) are taken and ignored: the agent decides.',
    tag,
    access: 'model',
    body: schemas.chatCompletionBody,
    response: schemas.chatCompletion,
    streams: 'when-requested',
    streamDescription: chunksDescription,
    errorFormat,
    handle: answerChatCompletion,
  }),
];
