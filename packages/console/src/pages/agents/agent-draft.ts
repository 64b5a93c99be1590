import type { Agent, HttpTool, HttpToolMethod } from '@parley/contract';
import { format, strings } from '../../strings/index.js';

const text = strings.agents;

/** One HTTP tool as its editor holds it: JSON and headers as the text typed. */
export interface ToolDraft {
  /** Stable while editing (names change as they are typed). */
  key: number;
  name: string;
  description: string;
  url: string;
  method: HttpToolMethod;
  headers: string;
  parameters: string;
  sampleArguments: string;
}

/** What the agent editor holds. */
export interface AgentDraft {
  name: string;
  description: string;
  systemPrompt: string;
  greeting: string;
  starterPrompts: string;
  slackSupportChannel: string;
  model: string;
  temperature: string;
  maxTokens: string;
  retrievalCount: string;
  tools: ToolDraft[];
}

let nextToolKey = 1;

export const emptyParameters = JSON.stringify(
  { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'] },
  null,
  2,
);

export function newToolDraft(): ToolDraft {
  return {
    key: nextToolKey++,
    name: '',
    description: '',
    url: '',
    method: 'GET',
    headers: '',
    parameters: emptyParameters,
    sampleArguments: '{}',
  };
}

export function emptyAgentDraft(): AgentDraft {
  return {
    name: '',
    description: '',
    systemPrompt: '',
    greeting: '',
    starterPrompts: '',
    slackSupportChannel: '',
    model: '',
    temperature: '0.7',
    maxTokens: '1024',
    retrievalCount: '5',
    tools: [],
  };
}

function toolDraftOf(tool: HttpTool): ToolDraft {
  return {
    key: nextToolKey++,
    name: tool.name,
    description: tool.description,
    url: tool.url,
    method: tool.method,
    headers: Object.entries(tool.headers)
      .map(([name, value]) => `${name}: ${value}`)
      .join('\n'),
    parameters: JSON.stringify(tool.parameters, null, 2),
    sampleArguments: '{}',
  };
}

export function draftOf(agent: Agent): AgentDraft {
  return {
    name: agent.name,
    description: agent.description,
    systemPrompt: agent.system_prompt,
    greeting: agent.greeting ?? '',
    starterPrompts: agent.starter_prompts.join('\n'),
    slackSupportChannel: agent.slack_support_channel ?? '',
    model: agent.model ?? '',
    temperature: String(agent.settings.temperature),
    maxTokens: String(agent.settings.max_tokens),
    retrievalCount: String(agent.settings.retrieval_count),
    tools: agent.tools.map(toolDraftOf),
  };
}

/** A problem with what a field holds, found before the server is asked; keyed like the server's `details.field`. */
export type FieldProblems = Record<string, string>;

function parseJson(source: string): { value: unknown } | { problem: string } {
  try {
    return { value: JSON.parse(source) };
  } catch (failure) {
    return { problem: failure instanceof Error ? failure.message : String(failure) };
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The parameters' JSON Schema, or why it cannot be one. The console checks JSON and `"type": "object"`
 * as it is typed; the server checks the whole schema (its answer is shown at the same field).
 */
export function parametersOf(tool: ToolDraft): Record<string, unknown> | string {
  const parsed = parseJson(tool.parameters);
  if ('problem' in parsed) return format(text.toolParametersNotJson, { message: parsed.problem });
  if (!isObject(parsed.value) || parsed.value.type !== 'object') return text.toolParametersNotObject;
  return parsed.value;
}

/** The sample arguments as an object, or why they are not one. */
export function sampleArgumentsOf(tool: ToolDraft): Record<string, unknown> | string {
  const parsed = parseJson(tool.sampleArguments.trim() === '' ? '{}' : tool.sampleArguments);
  if ('problem' in parsed) return format(text.toolArgumentsInvalid, { message: parsed.problem });
  if (!isObject(parsed.value)) return format(text.toolArgumentsInvalid, { message: typeof parsed.value });
  return parsed.value;
}

/** `Name: value` lines as a record, or the number of the first line that is not one. */
export function headersOf(tool: ToolDraft): Record<string, string> | string {
  const headers: Record<string, string> = {};
  const lines = tool.headers.split('\n');
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    if (colon < 1) return format(text.toolHeadersInvalid, { line: index + 1 });
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** The tool as the API takes it, or the problems of its fields (`tools.<index>.<field>`). */
export function toolBody(
  tool: ToolDraft,
  prefix: string,
): { body: Record<string, unknown>; problems: FieldProblems } {
  const problems: FieldProblems = {};
  const parameters = parametersOf(tool);
  const headers = headersOf(tool);
  if (typeof parameters === 'string') problems[`${prefix}.parameters`] = parameters;
  if (typeof headers === 'string') problems[`${prefix}.headers`] = headers;
  return {
    body: {
      type: 'http',
      name: tool.name.trim(),
      description: tool.description.trim(),
      url: tool.url.trim(),
      method: tool.method,
      parameters: typeof parameters === 'string' ? {} : parameters,
      headers: typeof headers === 'string' ? {} : headers,
    },
    problems,
  };
}

function numberOr(value: string, fallback: number): number {
  const parsed = Number(value);
  return value.trim() !== '' && Number.isFinite(parsed) ? parsed : fallback;
}

/** The body of `POST`/`PATCH /v1/agents`, or the problems found before sending. */
export function agentBody(draft: AgentDraft): { body: Record<string, unknown>; problems: FieldProblems } {
  const problems: FieldProblems = {};
  const tools = draft.tools.map((tool, index) => {
    const made = toolBody(tool, `tools.${index}`);
    Object.assign(problems, made.problems);
    return made.body;
  });
  const body = {
    name: draft.name.trim(),
    description: draft.description,
    system_prompt: draft.systemPrompt,
    greeting: draft.greeting.trim() === '' ? null : draft.greeting,
    starter_prompts: draft.starterPrompts
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean),
    slack_support_channel: draft.slackSupportChannel.trim() || null,
    model: draft.model.trim() === '' ? null : draft.model.trim(),
    settings: {
      temperature: numberOr(draft.temperature, 0.7),
      max_tokens: numberOr(draft.maxTokens, 1024),
      retrieval_count: numberOr(draft.retrievalCount, 5),
    },
    tools,
  };
  return { body, problems };
}
