import type { EngineContext } from '../context.js';
import { ParleyError } from '../errors.js';
import type { Citation, TurnEventListener } from '../events.js';
import type { ChatMessage, ModelRequest, ModelTool } from '../model/chat-model.js';
import { ModelProviderError } from '../model/chat-model.js';
import { splitIntoTokens } from '../model/estimate-tokens.js';
import { put, type WriteOperation } from '../store/store.js';
import { httpToolsOf, toModelTool } from '../tools/http-tool.js';
import type { AgentRecord, JsonObject, MessageRecord, MessageRole, TokenUsage } from '../types.js';
import { toIso } from '../util/clock.js';
import { newId } from '../util/ids.js';
import { renderTemplate } from '../util/template.js';
import { commit } from './commit.js';
import { appliedDefinitions, definitionsInstructions, relevantDefinitions } from './definitions.js';
import { asksForHuman } from './escalation-phrases.js';
import { citationsUsed, findSources, type Source, sourcesInstructions } from './knowledge-sources.js';
import { answerWithTools, escalateToolName } from './model-turn.js';

/** How a thread hands over to a person (app sessions have this; agent conversations do not). */
export interface Handoff {
  /** A person is answering: the model stays quiet. */
  escalated: boolean;
  /** Operations that pass a user message to the helpdesk while escalated. */
  forwardUserMessage(message: MessageRecord): Promise<WriteOperation[]>;
  /** Operations that mark the thread escalated and fire the webhook once. */
  escalate(reason: 'user_requested' | 'model'): Promise<WriteOperation[]>;
  /** Tells live channels, once the writes are done. */
  announce(): void;
}

/** The thread a turn writes into, as read under the turn lock. */
export interface OpenThread {
  /** Written with the user's message: a new thread's record, a change of its memory. */
  opening?: WriteOperation[];
  /**
   * Store operations that record `added` new messages at `now`, answered by `agent`: the thread's
   * record, written once per turn, with the turn's last write.
   */
  touch(now: number, added: number, agent: AgentRecord | null): WriteOperation[];
  /** What `{{…}}` placeholders in the system prompt read. */
  templateContext: unknown;
  handoff?: Handoff;
}

export interface TurnRequest {
  threadId: string;
  /** The app of a session (null in agent conversations), kept on messages for analytics. */
  appId: string | null;
  /** False: nothing of the turn is stored (a share link without conversations). */
  persist: boolean;
  /** Re-reads the thread under the lock; throws not_found when it is gone. */
  openThread(): Promise<OpenThread>;
  /** Picks the answering agent once the thread is open. */
  chooseAgent(): Promise<AgentRecord>;
  userText: string;
  stream: boolean;
  signal?: AbortSignal;
  onEvent?: TurnEventListener;
  /** Extra fields of the `start` event (`session_id` or `conversation_id`). */
  startFields: { session_id?: string; conversation_id?: string | null };
}

export interface TurnResult {
  answer: MessageRecord;
  agent: AgentRecord;
  traceId: string;
  usage: TokenUsage;
  /** True when a person is answering this session: the model did not. */
  escalated: boolean;
}

export const escalationNotice =
  'I have asked a person from our team to join this conversation. They will answer here as soon as they can.';

/** Said when the model still wanted tools after its last call and had written nothing. */
export const toolLimitNotice =
  'I could not finish looking this up right now. Please try again, or ask me in a different way.';

const escalateTool: ModelTool = {
  name: escalateToolName,
  description:
    'Hand the conversation to a person from the team, when the user asks for one or you cannot help them.',
  parameters: {
    type: 'object',
    properties: { reason: { type: 'string', description: 'Why a person is needed' } },
    additionalProperties: false,
  },
};

export function newMessage(
  threadId: string,
  appId: string | null,
  role: MessageRole,
  content: string,
  now: number,
): MessageRecord {
  return {
    id: newId('msg'),
    thread_id: threadId,
    role,
    content,
    created_at: toIso(now),
    agent_id: null,
    agent_name: null,
    trace_id: null,
    usage: null,
    status: 'complete',
    error: null,
    citations: [],
    applied_definitions: [],
    tools_used: [],
    app_id: appId,
    author: null,
    latency_ms: null,
    feedback: null,
  };
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
function upstreamError(error: unknown, traceId: string, request: TurnRequest): ParleyError {
  const providerStatus = error instanceof ModelProviderError ? error.providerStatus : null;
  const reason = error instanceof Error ? error.message : String(error);
  const thread = request.persist
    ? Object.fromEntries(Object.entries(request.startFields).filter(([, id]) => typeof id === 'string'))
    : {};
  return new ParleyError(
    'upstream_error',
    'The model provider failed; your message was stored',
    { ...thread, trace_id: traceId, provider_status: providerStatus, reason },
    { cause: error },
  );
}

/** Adds text to the answer, as tokens when streaming, so the tokens always add up to the stored answer. */
function appendText(request: TurnRequest, answer: string, text: string): string {
  const addition = answer ? `${answer.trimEnd()}\n\n${text}` : text;
  const added = addition.slice(answer.length);
  for (const token of request.stream ? splitIntoTokens(added) : [])
    request.onEvent?.({ type: 'token', content: token });
  return addition;
}

/**
 * One turn of a conversation, one at a time per thread: the user's message is
 * stored before the model is called; the answer is stored when it ends, or as far
 * as it got (marked `incomplete`) when the client left or the provider failed.
 * While a person answers (escalated), the model stays quiet; a user asking for a
 * person, or the model calling `escalate_to_human`, hands the thread over.
 */
export function runTurn(context: EngineContext, request: TurnRequest): Promise<TurnResult> {
  return context.turns.run(request.threadId, async () => {
    const thread = await request.openThread();
    const agent = await request.chooseAgent();
    const handoff = thread.handoff;
    const history = request.persist ? await recentMessages(context, request.threadId) : [];
    const startedAt = context.clock.now();
    const userMessage = newMessage(request.threadId, request.appId, 'user', request.userText, startedAt);
    const userOperations = [put('messages', userMessage), ...(thread.opening ?? [])];
    // While a person answers, this is the turn's only write: the thread's record goes with it.
    if (handoff?.escalated) {
      userOperations.push(
        ...thread.touch(startedAt, 1, null),
        ...(await handoff.forwardUserMessage(userMessage)),
      );
    }
    if (request.persist) await commit(context, userOperations);
    const traceId = newId('trace');
    request.onEvent?.({ type: 'start', trace_id: traceId, ...request.startFields });

    const emptyUsage: TokenUsage = { input_tokens: 0, output_tokens: 0 };
    if (handoff?.escalated) {
      const silent = {
        ...newMessage(request.threadId, request.appId, 'assistant', '', startedAt),
        trace_id: traceId,
      };
      return { answer: silent, agent, traceId, usage: emptyUsage, escalated: true };
    }

    let text = '';
    let usage: TokenUsage = emptyUsage;
    const toolsUsed: string[] = [];
    const escalations: WriteOperation[] = [];
    // Whether this turn handed the thread over: one fact, whether or not a webhook listens.
    let escalated = false;
    let sources: Source[] | null = null;
    let applied: JsonObject[] = [];
    let failure: unknown;
    const messages: ChatMessage[] = [
      ...history.map(toChatMessage),
      { role: 'user', content: request.userText },
    ];
    if (handoff && asksForHuman(request.userText)) {
      escalations.push(...(await handoff.escalate('user_requested')));
      escalated = true;
      text = appendText(request, text, escalationNotice);
    } else {
      if (context.knowledge && agent.datastores.length > 0) {
        request.onEvent?.({ type: 'tool_call', tool: 'search_knowledge', status: 'started' });
        sources = await findSources(context, agent, request.userText, request.signal);
        request.onEvent?.({ type: 'tool_call', tool: 'search_knowledge', status: 'completed' });
        toolsUsed.push('search_knowledge');
      }
      const definitions = await relevantDefinitions(context, agent, request.userText);
      applied = appliedDefinitions(definitions);
      const systemPrompt = [
        renderTemplate(agent.system_prompt, thread.templateContext).trim(),
        definitions.length > 0 ? definitionsInstructions(definitions) : '',
        sources ? sourcesInstructions(sources) : '',
      ]
        .filter(Boolean)
        .join('\n\n');
      if (systemPrompt) messages.unshift({ role: 'system', content: systemPrompt });
      const httpTools = httpToolsOf(agent);
      const tools: ModelTool[] = [...httpTools.map(toModelTool), ...(handoff ? [escalateTool] : [])];
      const modelRequest: ModelRequest = {
        model: agent.model,
        messages,
        temperature: agent.settings.temperature,
        maxTokens: agent.settings.max_tokens,
        ...(tools.length > 0 ? { tools } : {}),
      };
      const outcome = await answerWithTools(context, request, {
        modelRequest,
        httpTools,
        canEscalate: handoff !== undefined,
      });
      text = outcome.text;
      failure = outcome.failure;
      usage = outcome.usage;
      toolsUsed.push(...outcome.toolsUsed);
      if (handoff && outcome.escalate) {
        request.onEvent?.({ type: 'tool_call', tool: escalateTool.name, status: 'started' });
        escalations.push(...(await handoff.escalate('model')));
        escalated = true;
        request.onEvent?.({ type: 'tool_call', tool: escalateTool.name, status: 'completed' });
        toolsUsed.push(escalateTool.name);
        text = appendText(request, text, escalationNotice);
      } else if (outcome.exhausted && text.trim() === '') {
        text = appendText(request, text, toolLimitNotice);
      }
    }

    const aborted = failure !== undefined && isAbort(failure, request.signal);
    const citations: Citation[] = sources ? citationsUsed(text, sources, request.userText) : [];
    const finishedAt = context.clock.now();
    const answer: MessageRecord = {
      ...newMessage(request.threadId, request.appId, 'assistant', text, finishedAt),
      agent_id: agent.id,
      agent_name: agent.name,
      trace_id: traceId,
      usage,
      status: failure === undefined ? 'complete' : 'incomplete',
      error: failure === undefined ? null : aborted ? 'client_disconnected' : 'upstream_error',
      tools_used: toolsUsed,
      citations,
      applied_definitions: applied,
      latency_ms: finishedAt - startedAt,
    };
    const keepAnswer = failure === undefined || text.length > 0;
    if (request.persist) {
      // The thread's record once per turn: the user's message and the answer (if any) counted together.
      await commit(context, [
        ...(keepAnswer ? [put('messages', answer)] : []),
        ...thread.touch(finishedAt, keepAnswer ? 2 : 1, keepAnswer ? agent : null),
        ...escalations,
      ]);
    }
    if (escalated) handoff?.announce();
    if (failure === undefined)
      for (const citation of citations) request.onEvent?.({ ...citation, type: 'citation' });
    if (failure !== undefined) {
      if (aborted) throw failure;
      throw upstreamError(failure, traceId, request);
    }
    return { answer, agent, traceId, usage, escalated };
  });
}
