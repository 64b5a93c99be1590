import type { ChannelAnswer, ChannelCitation, ChannelPost } from '@parley/engine';
import type { types } from '@slack/bolt';
import { escapeMrkdwn, splitMrkdwn, toMrkdwn } from './mrkdwn.js';

type Block = types.KnownBlock;

/** A message as `chat.postMessage` and `chat.update` take it. */
export interface SlackMessage {
  /** mrkdwn: the notification and the fallback where blocks are not shown. */
  text: string;
  blocks: Block[];
}

/** The buttons under an answer; their `value` says which session and message they are about. */
export const actionIds = {
  feedbackUp: 'parley_feedback_up',
  feedbackDown: 'parley_feedback_down',
  escalate: 'parley_escalate',
  /** Slack's `feedback_buttons` element (under a streamed answer): the pressed button's value says up or down. */
  feedback: 'parley_feedback',
} as const;

export type ActionId = (typeof actionIds)[keyof typeof actionIds];

/** Blocks a reader (and the tests) can tell apart. */
export const blockIds = {
  sources: 'parley_sources',
  actions: 'parley_actions',
  progress: 'parley_progress',
  author: 'parley_author',
  feedback: 'parley_feedback',
} as const;

export interface ButtonValue {
  session_id: string;
  message_id: string | null;
}

/** Sections of 3,000 characters at most: 12 keep a message under Slack's 40,000 characters. */
const maxSections = 12;
const maxNotificationLength = 3_000;

export function encodeButtonValue(value: ButtonValue): string {
  return JSON.stringify(value);
}

/** The value a button was given, or null when it is not one of ours. */
export function decodeButtonValue(raw: string | undefined): ButtonValue | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<ButtonValue>;
    if (typeof value.session_id !== 'string' || value.session_id === '') return null;
    return {
      session_id: value.session_id,
      message_id: typeof value.message_id === 'string' && value.message_id !== '' ? value.message_id : null,
    };
  } catch {
    return null;
  }
}

/** A `feedback_buttons` value: the answer it rates, and how. */
export function encodeFeedbackValue(answer: ChannelAnswer, rating: 'up' | 'down'): string {
  return JSON.stringify({ session_id: answer.sessionId, message_id: answer.messageId, rating });
}

/** The rating a `feedback_buttons` value carries, or null when it is not one of ours. */
export function ratingOf(raw: string | undefined): 'up' | 'down' | null {
  try {
    const rating = (JSON.parse(raw ?? '') as { rating?: unknown }).rating;
    return rating === 'up' || rating === 'down' ? rating : null;
  } catch {
    return null;
  }
}

/**
 * The blocks under a streamed answer (`chat.stopStream`): Slack's feedback buttons (a
 * `context_actions` block) when there is a stored message to rate, and the button to ask for a person.
 */
export function streamedAnswerBlocks(answer: ChannelAnswer): Block[] {
  const blocks: Block[] = [];
  if (answer.messageId !== null) {
    blocks.push({
      type: 'context_actions',
      block_id: blockIds.feedback,
      elements: [
        {
          type: 'feedback_buttons',
          action_id: actionIds.feedback,
          positive_button: {
            text: { type: 'plain_text', text: '👍' },
            accessibility_label: 'Helpful',
            value: encodeFeedbackValue(answer, 'up'),
          },
          negative_button: {
            text: { type: 'plain_text', text: '👎' },
            accessibility_label: 'Not helpful',
            value: encodeFeedbackValue(answer, 'down'),
          },
        },
      ],
    });
  }
  if (!answer.escalated) {
    const value = encodeButtonValue({ session_id: answer.sessionId, message_id: answer.messageId });
    blocks.push({
      type: 'actions',
      block_id: blockIds.actions,
      elements: [button(actionIds.escalate, 'Talk to a person', value)],
    });
  }
  return blocks;
}

/** The answer while it is being written: what has arrived so far, and a note that more follows. */
export function progressMessage(textSoFar: string): SlackMessage {
  const mrkdwn = toMrkdwn(textSoFar);
  return {
    text: notification(mrkdwn),
    blocks: [
      ...sections(mrkdwn),
      { type: 'context', block_id: blockIds.progress, elements: [{ type: 'mrkdwn', text: '_Writing…_' }] },
    ],
  };
}

/** The finished answer: its text, its sources, and buttons to rate it or ask for a person. */
export function answerMessage(answer: ChannelAnswer): SlackMessage {
  const mrkdwn = toMrkdwn(answer.text);
  const blocks: Block[] = sections(mrkdwn);
  if (answer.citations.length > 0) {
    blocks.push({ type: 'context', block_id: blockIds.sources, elements: sourceElements(answer.citations) });
  }
  const buttons = answerButtons(answer);
  if (buttons.length > 0) blocks.push({ type: 'actions', block_id: blockIds.actions, elements: buttons });
  return { text: notification(mrkdwn), blocks };
}

/** An answer cut short: what was written, then the notice. */
export function failedMessage(textSoFar: string, notice: string): SlackMessage {
  const mrkdwn = toMrkdwn(textSoFar);
  const blocks: Block[] = textSoFar.trim() === '' ? [] : sections(mrkdwn);
  blocks.push({
    type: 'section',
    text: { type: 'mrkdwn', text: `_${escapeMrkdwn(notice)}_`, verbatim: true },
  });
  return { text: escapeMrkdwn(notice), blocks };
}

/** A person's answer (through the API) or a notice, posted in the conversation. */
export function messageForPost(post: ChannelPost): SlackMessage {
  const mrkdwn = toMrkdwn(post.text);
  if (post.kind === 'notice') {
    return { text: notification(mrkdwn), blocks: sections(mrkdwn) };
  }
  const author = post.author?.trim() ? escapeMrkdwn(post.author.trim()) : null;
  return {
    text: notification(author ? `${author}: ${mrkdwn}` : mrkdwn),
    blocks: [
      {
        type: 'context',
        block_id: blockIds.author,
        elements: [{ type: 'mrkdwn', text: author ? `*${author}* · from our team` : '*From our team*' }],
      },
      ...sections(mrkdwn),
    ],
  };
}

/** "[1] acme-return-policy.pdf, p. 3", one per source (a context block holds at most 10 elements). */
export function sourceLines(citations: ChannelCitation[]): string[] {
  return citations.map(
    (citation) => `[${citation.id}] ${escapeMrkdwn(citation.document_name)}, p. ${citation.page_number}`,
  );
}

function sourceElements(citations: ChannelCitation[]): types.MrkdwnElement[] {
  const lines = sourceLines(citations);
  const shown = lines.length <= 10 ? lines : [...lines.slice(0, 9), lines.slice(9).join('\n')];
  return shown.map((text) => ({ type: 'mrkdwn', text: text.slice(0, 3_000), verbatim: true }));
}

function answerButtons(answer: ChannelAnswer): types.Button[] {
  const buttons: types.Button[] = [];
  const value = encodeButtonValue({ session_id: answer.sessionId, message_id: answer.messageId });
  if (answer.messageId !== null) {
    buttons.push(
      button(actionIds.feedbackUp, '👍', value, 'Helpful'),
      button(actionIds.feedbackDown, '👎', value, 'Not helpful'),
    );
  }
  if (!answer.escalated) buttons.push(button(actionIds.escalate, 'Talk to a person', value));
  return buttons;
}

function button(actionId: ActionId, text: string, value: string, label?: string): types.Button {
  return {
    type: 'button',
    action_id: actionId,
    text: { type: 'plain_text', text, emoji: true },
    value,
    ...(label ? { accessibility_label: label } : {}),
  };
}

/** mrkdwn sections of at most 3,000 characters each (Slack's limit), `verbatim` so nothing is auto-linked. */
function sections(mrkdwn: string): types.SectionBlock[] {
  const pieces = splitMrkdwn(mrkdwn.trim() === '' ? '…' : mrkdwn);
  const kept = pieces.length <= maxSections ? pieces : [...pieces.slice(0, maxSections - 1), '…'];
  return kept.map((text) => ({ type: 'section', text: { type: 'mrkdwn', text, verbatim: true } }));
}

function notification(mrkdwn: string): string {
  const text = mrkdwn.trim();
  if (text.length <= maxNotificationLength) return text;
  const cut = text.slice(0, maxNotificationLength - 1);
  const safe = cut.replace(/&[a-z]{0,4}$/, '').replace(/<[^>]*$/, '');
  return `${safe}…`;
}
