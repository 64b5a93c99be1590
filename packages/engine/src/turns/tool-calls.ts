import { argumentsProblem } from '@parley/contract/json-schema';
import type { EngineContext } from '../context.js';
import type { ToolCallEvent } from '../events.js';
import type { ChatMessage, ModelToolCall } from '../model/chat-model.js';
import type { HttpTool, ToolCallOutcome } from '../tools/http-tool.js';
import type { JsonObject } from '../types.js';

export interface ToolCallBatch {
  /** One `tool` message per call, in the order of the calls: what the model reads next. */
  messages: ChatMessage[];
  /** The agent's tools that were called (valid arguments or not), each once. */
  used: string[];
}

function failed(error: string): ToolCallOutcome {
  return { ok: false, status: null, body: '', error };
}

/** The model's arguments as an object, or why they are not one. */
function parseArguments(text: string): JsonObject | string {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'the arguments are not valid JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'the arguments are not a JSON object';
  return value as JsonObject;
}

/** What the model is told: the answer's body, or that the tool failed and why. */
export function toolResultText(outcome: ToolCallOutcome): string {
  if (outcome.ok) return outcome.body === '' ? '(the tool answered with an empty body)' : outcome.body;
  const reason = outcome.error ?? (outcome.status === null ? 'no answer' : `HTTP ${outcome.status}`);
  const body = outcome.body === '' ? '' : `\nThe tool answered: ${outcome.body}`;
  return `Error: the tool failed: ${reason}${body}`;
}

function invalidArguments(problem: string): ToolCallOutcome {
  return failed(`invalid arguments: ${problem}; nothing was called, correct the arguments to try again`);
}

/**
 * Calls one HTTP tool with arguments as the model gives them: checked against its `parameters`
 * first, then sent by the server's runner (with its private-address guard). A turn's tool calls and
 * the console's Test button both come here, so a test shows what the model would read.
 */
export async function callHttpTool(
  context: EngineContext,
  tool: HttpTool,
  toolArguments: JsonObject,
  signal: AbortSignal | undefined,
): Promise<ToolCallOutcome> {
  const problem = argumentsProblem(tool.parameters, toolArguments);
  if (problem !== null) return invalidArguments(problem);
  if (!context.toolRunner) return failed('HTTP tools are not available on this server');
  try {
    return await context.toolRunner.call(tool, toolArguments, { signal });
  } catch (error) {
    return failed(error instanceof Error ? error.message : String(error));
  }
}

function callTool(
  context: EngineContext,
  tool: HttpTool,
  call: ModelToolCall,
  signal: AbortSignal | undefined,
): Promise<ToolCallOutcome> {
  const parsed = parseArguments(call.arguments);
  if (typeof parsed === 'string') return Promise.resolve(invalidArguments(parsed));
  return callHttpTool(context, tool, parsed, signal);
}

/**
 * Runs the model's tool calls one after another, yielding `tool_call` events
 * (started, then completed or failed) for the turn to emit. A failed call is not
 * an error of the turn: the model is told what went wrong and answers with what it has.
 */
export async function* runToolCalls(
  context: EngineContext,
  tools: HttpTool[],
  calls: ModelToolCall[],
  signal: AbortSignal | undefined,
): AsyncGenerator<ToolCallEvent, ToolCallBatch> {
  const batch: ToolCallBatch = { messages: [], used: [] };
  for (const call of calls) {
    const tool = tools.find((candidate) => candidate.name === call.name);
    let outcome: ToolCallOutcome;
    if (tool) {
      yield { type: 'tool_call', tool: tool.name, status: 'started' };
      outcome = await callTool(context, tool, call, signal);
      yield { type: 'tool_call', tool: tool.name, status: outcome.ok ? 'completed' : 'failed' };
      if (!batch.used.includes(tool.name)) batch.used.push(tool.name);
    } else {
      outcome = failed(`there is no tool named "${call.name}"`);
    }
    batch.messages.push({ role: 'tool', toolCallId: call.id, content: toolResultText(outcome) });
  }
  return batch;
}
