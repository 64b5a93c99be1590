import type { SlackAddress } from './slack-address.js';

/**
 * Slack's Agents & AI Apps split pane: each conversation there is a thread of the app's DM
 * (Bolt's `Assistant` tells them apart the same way). There the app sets suggested prompts,
 * a title and a status, and streams its answers.
 */
export function isAssistantThread(address: SlackAddress): boolean {
  return address.channel.startsWith('D') && address.thread_ts !== null;
}

/** What the thread shows while the agent works (`assistant.threads.setStatus`). */
export const thinkingStatus = 'is thinking…';

/** Slack shows four suggested prompts at most. */
const maxPrompts = 4;
const maxPromptTitle = 75;
const maxTitle = 100;

/** The app's starter prompts as `assistant.threads.setSuggestedPrompts` takes them. */
export function suggestedPrompts(starterPrompts: string[]): { title: string; message: string }[] {
  return starterPrompts
    .map((prompt) => prompt.trim())
    .filter((prompt) => prompt !== '')
    .slice(0, maxPrompts)
    .map((prompt) => ({ title: cut(prompt, maxPromptTitle), message: prompt }));
}

/** A thread's title: its first question, on one line, cut short. */
export function threadTitle(question: string): string {
  return cut(question.replace(/\s+/g, ' ').trim(), maxTitle);
}

function cut(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1).trimEnd()}…`;
}

/**
 * Errors with which Slack says streaming is not for this workspace or app (a plan, a
 * setting, a scope, an older API): remembered, so its next answers are posted and updated.
 * Any other failure of `chat.startStream` falls back for that one answer only.
 */
const refusals = new Set([
  'not_allowed',
  'method_not_supported',
  'missing_scope',
  'not_allowed_token_type',
  'unknown_method',
  'feature_not_enabled',
  'team_not_allowed',
  'channel_type_not_supported',
]);

/** Slack's error code in a Web API client error (`slack_webapi_platform_error`), or null. */
export function platformErrorOf(error: unknown): string | null {
  const data = (error as { data?: { error?: unknown } } | null)?.data;
  return typeof data?.error === 'string' ? data.error : null;
}

export function isStreamingRefusal(error: unknown): boolean {
  const code = platformErrorOf(error);
  return code !== null && refusals.has(code);
}

/** The workspaces that refused streaming (in this process: a restart tries once more). */
export class StreamingRefusals {
  private readonly teams = new Set<string>();

  refused(teamId: string): boolean {
    return this.teams.has(teamId);
  }

  remember(teamId: string): void {
    this.teams.add(teamId);
  }
}
