import type { SupportThreadOpening } from '@parley/engine';
import type { types } from '@slack/bolt';
import type { SlackMessage } from './blocks.js';
import { escapeMrkdwn, toMrkdwn } from './mrkdwn.js';

/** The support thread's *Hand back* button (not `parley_…`: those are the visitor's buttons). */
export const handBackActionId = 'parley-support-hand-back';
/** The opening message's blocks a reader (and the tests) can tell apart. */
export const supportBlockIds = {
  context: 'parley_support_context',
  recent: 'parley_support_recent',
  actions: 'parley_support_actions',
} as const;

const channelNames: Record<string, string> = {
  widget: 'the website widget',
  share: 'a shared chat page',
  slack: 'Slack',
  teams: 'Microsoft Teams',
  msteams: 'Microsoft Teams',
  api: 'the API',
};

const reasons: Record<string, string> = {
  user_requested: 'asked for a person',
  model: 'the agent handed over',
  operator: 'taken over from the console',
};

const roleNames = { user: 'Visitor', assistant: 'Bot', human_agent: 'Team' } as const;

/** Slack's limits: 3,000 characters in a section's text, 2,000 in a button's URL. */
const maxSectionText = 3_000;
const maxMessageShown = 400;

function clip(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

/** The metadata worth a line (strings and numbers, not the channel's own ids), at most 8. */
function factsOf(metadata: Record<string, unknown>): string[] {
  const facts: string[] = [];
  const visit = (prefix: string, value: unknown, depth: number) => {
    if (facts.length >= 8) return;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      if (String(value) !== '') facts.push(`${prefix}: ${clip(String(value), 80)}`);
    } else if (value && typeof value === 'object' && !Array.isArray(value) && depth < 2) {
      for (const [key, inner] of Object.entries(value))
        visit(prefix ? `${prefix}.${key}` : key, inner, depth + 1);
    }
  };
  visit('', metadata, 0);
  return facts;
}

/**
 * The message that opens a support thread: who (name and what the session knows of them), where
 * they write from, why, the last messages, a link to the console and the *Hand back* button.
 */
export function supportOpeningMessage(opening: SupportThreadOpening): SlackMessage {
  const who = opening.visitor.name ?? opening.visitor.user_id ?? 'A visitor';
  const where = channelNames[opening.channel] ?? opening.channel;
  const why = opening.reason ? (reasons[opening.reason] ?? opening.reason) : 'asked for a person';
  const headline = `*${escapeMrkdwn(who)}* needs a person (${escapeMrkdwn(why)}) · ${escapeMrkdwn(opening.app.name)}`;
  const facts = factsOf(opening.metadata).map(escapeMrkdwn);
  const recent = opening.recent_messages.map(
    (message) =>
      `*${message.author ? escapeMrkdwn(message.author) : roleNames[message.role]}:* ${escapeMrkdwn(clip(message.content, maxMessageShown))}`,
  );
  const blocks: types.KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: clip(headline, maxSectionText) } },
    {
      type: 'context',
      block_id: supportBlockIds.context,
      elements: [
        { type: 'mrkdwn', text: `From ${escapeMrkdwn(where)}` },
        ...(facts.length > 0 ? [{ type: 'mrkdwn' as const, text: clip(facts.join(' · '), 2_000) }] : []),
      ],
    },
  ];
  if (recent.length > 0) {
    let text = recent.join('\n');
    while (text.length > maxSectionText && recent.length > 1) {
      recent.shift();
      text = `…\n${recent.join('\n')}`;
    }
    blocks.push({
      type: 'section',
      block_id: supportBlockIds.recent,
      text: { type: 'mrkdwn', text: clip(text, maxSectionText) },
    });
  }
  blocks.push(
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: 'Reply in this thread: the visitor sees it under your name.' }],
    },
    {
      type: 'actions',
      block_id: supportBlockIds.actions,
      elements: [
        {
          type: 'button',
          action_id: handBackActionId,
          text: { type: 'plain_text', text: 'Hand back' },
          value: opening.session_id,
        },
        ...(opening.console_url && opening.console_url.length <= 2_000
          ? [
              {
                type: 'button' as const,
                action_id: 'parley-support-open-console',
                text: { type: 'plain_text' as const, text: 'Open in the console' },
                url: opening.console_url,
              },
            ]
          : []),
      ],
    },
  );
  return { text: escapeMrkdwn(`${who} needs a person (${opening.app.name})`), blocks };
}

/** What the visitor wrote after the thread opened, marked as theirs (Slack's 3,000 characters a section). */
export function visitorMessage(text: string): SlackMessage {
  const shown = clip(toMrkdwn(text), maxSectionText);
  return {
    text: escapeMrkdwn(`Visitor: ${clip(text, 200)}`),
    blocks: [
      { type: 'context', elements: [{ type: 'mrkdwn', text: '*Visitor* wrote' }] },
      { type: 'section', text: { type: 'mrkdwn', text: shown } },
    ],
  };
}
