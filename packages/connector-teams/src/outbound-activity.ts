import type { ChannelAnswer, ChannelCitation, ChannelPost } from '@parley/engine';
import type { Activity, Attachment, Entity } from 'botbuilder';

/** What a card button asks Parley to do, as its `Action.Submit` data carries it back. */
export type ParleyAction = 'feedback_up' | 'feedback_down' | 'escalate';

/** The data of a Parley card button: Teams sends it back as the `value` of a message activity. */
export interface ParleyActionData {
  parley_action: ParleyAction;
  session_id: string;
  message_id: string;
  [key: string]: string;
}

/** Teams shows at most this many citations; the rest stay in the card's source list. */
const maxCitations = 20;

/**
 * Text for a Teams message (markdown): `&`, `<` and `>` are written as entities so that
 * user or model text cannot bring HTML or `<at>` mentions into the message.
 */
export function escapeTeamsText(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/**
 * Text for an Adaptive Card `TextBlock`, which reads Markdown (bold, italics, links,
 * lists): a document name or excerpt is shown as written, never as a link or emphasis.
 * Whitespace (line breaks too) becomes single spaces, Markdown's punctuation gets a
 * backslash, and so do list and heading markers at the start (`-`, `+`, `1.`).
 */
export function escapeCardMarkdown(text: string): string {
  const escaped = text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_{}[\]()#<>!~|&]/g, '\\$&');
  return escaped.replace(/^([-+])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
}

/** A source as a person reads it: `acme-return-policy.pdf, page 3`. */
export function sourceLabel(citation: ChannelCitation): string {
  return `${citation.document_name}, page ${citation.page_number}`;
}

/** Shows that the agent is writing (Teams' typing indicator, a few seconds long). */
export function typingActivity(): Partial<Activity> {
  return { type: 'typing' };
}

/** A plain message (a notice, a failure). */
export function textActivity(text: string): Partial<Activity> {
  return { type: 'message', text: escapeTeamsText(text), textFormat: 'markdown' };
}

/**
 * A finished answer: its text with `[n]` markers, Teams' AI label and citation entity
 * for those markers, and an Adaptive Card listing the sources with the rating and
 * "Talk to a person" buttons (no buttons when nothing was stored or a person now answers).
 */
export function answerActivity(answer: ChannelAnswer): Partial<Activity> {
  const activity: Partial<Activity> = {
    type: 'message',
    text: escapeTeamsText(answer.text),
    textFormat: 'markdown',
  };
  if (!answer.escalated) activity.entities = [aiMessageEntity(answer.citations)];
  // Teams' own thumbs under the answer (with a comment box): an invoke `message/submitAction` comes back.
  if (answer.messageId !== null && !answer.escalated) activity.channelData = { feedbackLoopEnabled: true };
  const card = answerCard(answer);
  if (card) activity.attachments = [card];
  return activity;
}

/** A message posted on its own: a person's answer shows who wrote it. */
export function postActivity(post: ChannelPost): Partial<Activity> {
  if (post.kind === 'notice') return textActivity(post.text);
  const author = post.author?.trim() || 'Our team';
  return {
    type: 'message',
    text: `**${escapeTeamsText(author)}**: ${escapeTeamsText(post.text)}`,
    textFormat: 'markdown',
  };
}

/**
 * Teams' entity for AI-generated messages: the "AI generated" label, and one claim per
 * citation whose `position` is the `[n]` in the text (the popup shows name and excerpt).
 */
export function aiMessageEntity(citations: ChannelCitation[]): Entity {
  const entity: Entity = {
    type: 'https://schema.org/Message',
    '@type': 'Message',
    '@context': 'https://schema.org',
    '@id': '',
    additionalType: ['AIGeneratedContent'],
  };
  if (citations.length > 0) {
    entity.citation = citations.slice(0, maxCitations).map((citation) => ({
      '@type': 'Claim',
      position: citation.id,
      appearance: {
        '@type': 'DigitalDocument',
        name: truncate(sourceLabel(citation), 80),
        abstract: truncate(citation.excerpt, 160),
      },
    }));
  }
  return entity;
}

/** The card under an answer: its sources, then the buttons; null when there is neither. */
export function answerCard(answer: ChannelAnswer): Attachment | null {
  const body: Record<string, unknown>[] = [];
  if (answer.citations.length > 0) {
    body.push({ type: 'TextBlock', text: 'Sources', weight: 'Bolder', size: 'Small', wrap: true });
    for (const citation of answer.citations) {
      body.push({
        type: 'TextBlock',
        text: `[${citation.id}] ${escapeCardMarkdown(sourceLabel(citation))}`,
        size: 'Small',
        isSubtle: true,
        wrap: true,
        spacing: 'None',
      });
    }
  }
  const actions =
    answer.messageId !== null && !answer.escalated
      ? [
          submit('👍 Helpful', 'feedback_up', answer.sessionId, answer.messageId),
          submit('👎 Not helpful', 'feedback_down', answer.sessionId, answer.messageId),
          submit('Talk to a person', 'escalate', answer.sessionId, answer.messageId),
        ]
      : [];
  if (body.length === 0 && actions.length === 0) return null;
  return {
    contentType: 'application/vnd.microsoft.card.adaptive',
    content: {
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: '1.5',
      body,
      actions,
    },
  };
}

function submit(title: string, action: ParleyAction, sessionId: string, messageId: string) {
  const data: ParleyActionData = { parley_action: action, session_id: sessionId, message_id: messageId };
  return { type: 'Action.Submit', title, data };
}

function truncate(text: string, length: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean.length <= length ? clean : `${clean.slice(0, length - 1)}…`;
}

/** Teams' kinds of streaming activity: a status line, the text so far, the finished message. */
export type StreamType = 'informative' | 'streaming' | 'final';

/**
 * Teams' `streaminfo` entity, which makes a `typing` activity a streaming update of one message
 * (`streamId`: the id Teams gave the stream's first activity, absent on that first one) and the
 * final `message` its end. `streamSequence` grows by one with each update (not on the final).
 */
export function streamInfoEntity(streamType: StreamType, streamId?: string, streamSequence?: number): Entity {
  const entity: Entity = { type: 'streaminfo', streamType };
  if (streamId !== undefined) entity.streamId = streamId;
  if (streamSequence !== undefined) entity.streamSequence = streamSequence;
  return entity;
}

/** A streaming update: a status line (`informative`) or the answer so far (`streaming`). */
export function streamUpdateActivity(
  streamType: 'informative' | 'streaming',
  text: string,
  streamSequence: number,
  streamId?: string,
): Partial<Activity> {
  return {
    type: 'typing',
    text: escapeTeamsText(text),
    entities: [streamInfoEntity(streamType, streamId, streamSequence)],
  };
}

/** The end of a stream: `activity` (an answer, a failure) as the stream's final message. */
export function finalStreamActivity(activity: Partial<Activity>, streamId: string): Partial<Activity> {
  return {
    ...activity,
    entities: [streamInfoEntity('final', streamId), ...(activity.entities ?? [])],
  };
}

/** Teams shows up to this many suggested actions under a message. */
const maxSuggestedActions = 6;

/**
 * The greeting when the bot is added to a personal chat: the app's greeting, and its starter
 * prompts as suggested actions (buttons that send their text as the user's message).
 */
export function greetingActivity(
  intro: { name: string; greeting: string | null; starterPrompts: string[] },
  userId: string,
): Partial<Activity> {
  const text = intro.greeting ?? `Hi, I am ${intro.name}. Ask me a question.`;
  const activity: Partial<Activity> = {
    type: 'message',
    text: escapeTeamsText(text),
    textFormat: 'markdown',
  };
  const prompts = intro.starterPrompts.slice(0, maxSuggestedActions);
  if (prompts.length > 0) {
    activity.suggestedActions = {
      to: [userId],
      actions: prompts.map((prompt) => ({ type: 'imBack', title: truncate(prompt, 100), value: prompt })),
    };
  }
  return activity;
}

/** The reply to an invoke (Teams waits for it): `200` with an empty body, or another status. */
export function invokeResponseActivity(status = 200): Partial<Activity> {
  return { type: 'invokeResponse', value: { status, body: {} } };
}
