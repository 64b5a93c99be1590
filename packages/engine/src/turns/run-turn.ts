import { renderTemplate } from '@parley/contract/template';
import { turnTopic } from '../bus/event-bus.js';
import type { EngineContext } from '../context.js';
import { ParleyError } from '../errors.js';
import type { Citation, TurnEvent } from '../events.js';
import type { ChatMessage, ModelTool } from '../model/chat-model.js';
import { ModelProviderError } from '../model/chat-model.js';
import { splitIntoTokens } from '../model/estimate-tokens.js';
import { commit } from '../services/commit.js';
import { appliedDefinitions, definitionsInstructions, relevantDefinitions } from '../services/definitions.js';
import {
  citationsUsed,
  findSources,
  type Source,
  sourcesInstructions,
} from '../services/knowledge-sources.js';
import { newRecord } from '../store/new-records.js';
import { put, type WriteOperation } from '../store/store.js';
import { httpToolsOf, toModelTool } from '../tools/http-tool.js';
import type { AgentRecord, JsonObject, MessageRecord, TokenUsage } from '../types.js';
import { newId } from '../util/ids.js';
import { asksForHuman } from './escalation-phrases.js';
import { escalationNotice, newMessage, toolLimitNotice } from './messages.js';
import { buildModelRequest, escalateTool } from './model-request.js';
import { answerWithTools } from './model-turn.js';
import type { OpenThread, Thread, TurnInput, TurnResult } from './thread.js';

type Emit = (event: TurnEvent) => void;

/** What the answering part of a turn produced, before it is stored. */
interface Answered {
  text: string;
  usage: TokenUsage;
  toolsUsed: string[];
  /** Operations that hand the thread over (with the turn's last write). */
  escalations: WriteOperation[];
  /** Whether this turn handed the thread over: one fact, whether or not a webhook listens. */
  escalated: boolean;
  sources: Source[] | null;
  applied: JsonObject[];
  /** What stopped the model (a provider error or the client leaving), or undefined. */
  failure: unknown;
}

function toChatMessage(message: MessageRecord): ChatMessage {
  return { role: message.role === 'user' ? 'user' : 'assistant', content: message.content };
}

async function recentMessages(context: EngineContext, threadId: string): Promise<MessageRecord[]> {
  const page = await context.store.list('messages', {
    where: { thread_id: threadId },
    limit: context.historyWindow,
    order: 'desc',
  });
  return page.items.reverse();
}

function isAbort(error: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true || (error instanceof Error && error.name === 'AbortError');
}

/** The provider failed: the error names the thread that keeps the user's message, so it can be read and continued. */
function upstreamError(error: unknown, traceId: string, thread: Thread): ParleyError {
  const providerStatus = error instanceof ModelProviderError ? error.providerStatus : null;
  const reason = error instanceof Error ? error.message : String(error);
  const named = thread.persist
    ? Object.fromEntries(Object.entries(thread.startFields).filter(([, id]) => typeof id === 'string'))
    : {};
  return new ParleyError(
    'upstream_error',
    'The model provider failed; your message was stored',
    { ...named, trace_id: traceId, provider_status: providerStatus, reason },
    { cause: error },
  );
}

/** Adds text to the answer, as tokens when streaming, so the tokens always add up to the stored answer. */
function appendText(input: TurnInput, emit: Emit, answer: string, text: string): string {
  const addition = answer ? `${answer.trimEnd()}\n\n${text}` : text;
  const added = addition.slice(answer.length);
  for (const token of input.stream ? splitIntoTokens(added) : []) emit({ type: 'token', content: token });
  return addition;
}

/** The system prompt: the agent's (placeholders filled from the thread), its definitions and the sources found. */
function systemPromptOf(
  agent: AgentRecord,
  thread: OpenThread,
  definitions: Awaited<ReturnType<typeof relevantDefinitions>>,
  sources: Source[] | null,
): string {
  return [
    renderTemplate(agent.system_prompt, thread.templateContext).trim(),
    definitions.length > 0 ? definitionsInstructions(definitions) : '',
    sources ? sourcesInstructions(sources) : '',
  ]
    .filter(Boolean)
    .join('\n\n');
}

/** The model's part of a turn: knowledge, definitions, the model and its tools, or a handover the user asked for. */
async function answer(
  context: EngineContext,
  thread: OpenThread,
  input: TurnInput,
  history: MessageRecord[],
  emit: Emit,
): Promise<Answered> {
  const { agent, handoff } = thread;
  const answered: Answered = {
    text: '',
    usage: { input_tokens: 0, output_tokens: 0 },
    toolsUsed: [],
    escalations: [],
    escalated: false,
    sources: null,
    applied: [],
    failure: undefined,
  };
  if (handoff && asksForHuman(input.userText)) {
    answered.escalations.push(...(await handoff.escalate('user_requested')));
    answered.escalated = true;
    answered.text = appendText(input, emit, '', escalationNotice);
    return answered;
  }
  if (context.knowledge && agent.datastores.length > 0) {
    emit({ type: 'tool_call', tool: 'search_knowledge', status: 'started' });
    answered.sources = await findSources(context, agent, input.userText, input.signal);
    emit({ type: 'tool_call', tool: 'search_knowledge', status: 'completed' });
    answered.toolsUsed.push('search_knowledge');
  }
  const definitions = await relevantDefinitions(context, agent, input.userText);
  answered.applied = appliedDefinitions(definitions);
  const messages: ChatMessage[] = [...history.map(toChatMessage), { role: 'user', content: input.userText }];
  const systemPrompt = systemPromptOf(agent, thread, definitions, answered.sources);
  if (systemPrompt) messages.unshift({ role: 'system', content: systemPrompt });
  const httpTools = httpToolsOf(agent);
  const tools: ModelTool[] = [...httpTools.map(toModelTool), ...(handoff ? [escalateTool] : [])];
  const modelTurn = answerWithTools(context, {
    modelRequest: buildModelRequest(agent, messages, tools),
    httpTools,
    canEscalate: handoff !== undefined,
    stream: input.stream,
    signal: input.signal,
  });
  let step = await modelTurn.next();
  while (!step.done) {
    emit(step.value);
    step = await modelTurn.next();
  }
  const outcome = step.value;
  answered.text = outcome.text;
  answered.failure = outcome.failure;
  answered.usage = outcome.usage;
  answered.toolsUsed.push(...outcome.toolsUsed);
  if (handoff && outcome.escalate) {
    emit({ type: 'tool_call', tool: escalateTool.name, status: 'started' });
    answered.escalations.push(...(await handoff.escalate('model')));
    answered.escalated = true;
    emit({ type: 'tool_call', tool: escalateTool.name, status: 'completed' });
    answered.toolsUsed.push(escalateTool.name);
    answered.text = appendText(input, emit, answered.text, escalationNotice);
  } else if (outcome.exhausted && answered.text.trim() === '') {
    answered.text = appendText(input, emit, answered.text, toolLimitNotice);
  }
  return answered;
}

/** The turn under the thread's lock: the user's message, then the answer, each stored in one commit. */
async function turnUnderLock(
  context: EngineContext,
  thread: Thread,
  input: TurnInput,
  emit: Emit,
): Promise<TurnResult> {
  const open = await thread.open(input.userText);
  const { agent, handoff } = open;
  const history = thread.persist ? await recentMessages(context, thread.id) : [];
  const startedAt = context.clock.now();
  const userMessage = newRecord(newMessage(thread.id, thread.appId, 'user', input.userText, startedAt));
  const userOperations = [put('messages', userMessage), ...open.opening];
  // While a person answers, this is the turn's only write: the thread's record goes with it.
  if (handoff?.escalated) {
    userOperations.push(
      ...open.touch(startedAt, 1, null),
      ...(await handoff.forwardUserMessage(userMessage)),
    );
  }
  if (thread.persist) await commit(context, userOperations);
  const traceId = newId('trace');
  emit({ type: 'start', trace_id: traceId, ...thread.startFields });

  if (handoff?.escalated) {
    const silent = { ...newMessage(thread.id, thread.appId, 'assistant', '', startedAt), trace_id: traceId };
    return { answer: silent, agent, traceId, usage: { input_tokens: 0, output_tokens: 0 }, escalated: true };
  }

  const answered = await answer(context, open, input, history, emit);
  const { text, failure } = answered;
  const aborted = failure !== undefined && isAbort(failure, input.signal);
  const citations: Citation[] = answered.sources ? citationsUsed(text, answered.sources, input.userText) : [];
  const finishedAt = context.clock.now();
  const stored: MessageRecord = newRecord({
    ...newMessage(thread.id, thread.appId, 'assistant', text, finishedAt),
    agent_id: agent.id,
    agent_name: agent.name,
    trace_id: traceId,
    usage: answered.usage,
    status: failure === undefined ? 'complete' : 'incomplete',
    error: failure === undefined ? null : aborted ? 'client_disconnected' : 'upstream_error',
    tools_used: answered.toolsUsed,
    citations,
    applied_definitions: answered.applied,
    latency_ms: finishedAt - startedAt,
  });
  const keepAnswer = failure === undefined || text.length > 0;
  if (thread.persist) {
    // The thread's record once per turn: the user's message and the answer (if any) counted together.
    await commit(context, [
      ...(keepAnswer ? [put('messages', stored)] : []),
      ...open.touch(finishedAt, keepAnswer ? 2 : 1, keepAnswer ? agent : null),
      ...answered.escalations,
    ]);
  }
  if (answered.escalated) handoff?.announce();
  if (failure !== undefined) {
    if (aborted) throw failure;
    throw upstreamError(failure, traceId, thread);
  }
  for (const citation of citations) emit({ ...citation, type: 'citation' });
  return { answer: stored, agent, traceId, usage: answered.usage, escalated: answered.escalated };
}

/**
 * One turn of a thread, one at a time per thread, going down and back up once:
 * the thread is opened (and the agent chosen) under the turn lock, the user's
 * message is stored before the model is called, and the answer when it ends, or
 * as far as it got (marked `incomplete`) when the client left or the provider
 * failed. While a person answers (escalated), the model stays quiet; a user asking
 * for a person, or the model calling `escalate_to_human`, hands the thread over.
 * Every event of the turn, `done` last, is emitted here.
 */
export async function runTurn(context: EngineContext, thread: Thread, input: TurnInput): Promise<TurnResult> {
  // A session's or kept conversation's turn is also published, under its id, for those watching it
  // live (the console's inbox).
  const liveId = thread.persist
    ? (thread.startFields.session_id ?? thread.startFields.conversation_id ?? null)
    : null;
  const emit: Emit = (event) => {
    input.onEvent?.(event);
    if (liveId) context.bus.publish(turnTopic(liveId), { session_id: liveId, event });
  };
  const turn = await context.turns.run(thread.id, () => turnUnderLock(context, thread, input, emit));
  emit(thread.done(turn));
  return turn;
}
