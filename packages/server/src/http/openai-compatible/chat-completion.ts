import type { ChatCompletionBody } from '@parley/contract/schemas';
import { type Engine, ParleyError, type Principal, type TurnOptions } from '@parley/engine';
import { toParleyError } from '../../edge/error-mapping.js';
import { alreadyAnswered, type RouteInput } from '../routes/define-route.js';
import { openChunkStream } from './chunk-stream.js';
import { ChunkWriter, completionOf, frameOf, TurnRecord } from './completion.js';
import { openAiErrorBody } from './error-body.js';
import { type ModelTarget, resolveModel } from './models.js';
import { type TurnRequest, turnRequestOf } from './turn-request.js';

/** Runs the turn through the engine's public services: execute for an app, chat for an agent. */
function turnRunner(engine: Engine, principal: Principal, model: ModelTarget, turn: TurnRequest) {
  return async (options: TurnOptions): Promise<string> => {
    if (model.kind === 'agent') {
      const question = { message: turn.message, conversation_id: turn.threadId };
      return (await engine.agents.chat(model.id, question, principal, options)).content;
    }
    const input = {
      message: turn.message,
      session_id: turn.threadId,
      user_id: turn.userId,
      ...(Object.keys(turn.metadata).length > 0 ? { metadata: turn.metadata } : {}),
    };
    return (await engine.execute(model.id, input, options, principal)).response;
  };
}

/**
 * Streams the turn as `chat.completion.chunk`s ending `data: [DONE]`. A failure after the first
 * chunk becomes a `data: {"error": …}` line (OpenAI clients raise it) and the stream ends.
 */
async function answerAsChunks(
  input: RouteInput<unknown, unknown, ChatCompletionBody>,
  model: ModelTarget,
  run: (options: TurnOptions) => Promise<string>,
): Promise<typeof alreadyAnswered> {
  const stream = openChunkStream(input.response);
  const record = new TurnRecord();
  let writer: ChunkWriter | null = null;
  try {
    await run({
      stream: true,
      signal: input.signal,
      onEvent: (event) => {
        record.add(event);
        if (event.type === 'start') {
          writer = new ChunkWriter(
            frameOf(event.trace_id, model),
            input.body.stream_options?.include_usage === true,
          );
          stream.send(writer.first(event));
        } else if (event.type === 'token') {
          if (writer) stream.send(writer.token(event.content));
        }
      },
    });
    // A turn always starts before it ends; without a start there is nothing to finish.
    const finished = writer as ChunkWriter | null;
    if (!finished) throw new ParleyError('internal_error', 'The turn ended without its start event');
    stream.send(finished.last(record));
    if (input.body.stream_options?.include_usage === true) stream.send(finished.usage(record));
    stream.sendDone();
  } catch (error) {
    if (!stream.started) throw error;
    if (!input.signal.aborted) stream.send(openAiErrorBody(toParleyError(error)));
  }
  if (stream.started) stream.end();
  return alreadyAnswered;
}

/** `POST /v1/chat/completions`: one turn of the agent or app that `model` names. */
export async function answerChatCompletion(input: RouteInput<unknown, unknown, ChatCompletionBody>) {
  const { engine, principal, body, request } = input;
  const model = await resolveModel(engine, principal, body.model);
  const turn = turnRequestOf(body, (name) => request.get(name), model.kind);
  const run = turnRunner(engine, principal, model, turn);
  if (body.stream === true) return answerAsChunks(input, model, run);
  const record = new TurnRecord();
  const content = await run({ signal: input.signal, onEvent: (event) => void record.add(event) });
  return completionOf(frameOf(record.finished().trace_id, model), content, record);
}
