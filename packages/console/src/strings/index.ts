import { accountStrings } from './account.js';
import { agentsStrings } from './agents.js';
import { analyticsStrings } from './analytics.js';
import { appsStrings } from './apps.js';
import { channelsStrings } from './channels.js';
import { conversationsStrings } from './conversations.js';
import { inboxStrings } from './inbox.js';
import { keysStrings } from './keys.js';
import { knowledgeStrings } from './knowledge.js';
import { shellStrings } from './shell.js';
import { webhooksStrings } from './webhooks.js';

/**
 * Every text the console shows, in one table: one part per area (`strings/<area>.ts`), merged here.
 * `{name}` slots are filled by `format`.
 */
export const strings = {
  shell: shellStrings,
  keys: keysStrings,
  knowledge: knowledgeStrings,
  apps: appsStrings,
  webhooks: webhooksStrings,
  channels: channelsStrings,
  analytics: analyticsStrings,
  conversations: conversationsStrings,
  inbox: inboxStrings,
  account: accountStrings,
  agents: agentsStrings,
};

/** Fills the `{name}` slots of a text; a slot without a value stays as written. */
export function format(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (slot, name: string) => (name in values ? String(values[name]) : slot));
}
