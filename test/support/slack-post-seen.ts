/** What a Slack user sees of the bot's messages kept by the local Slack Web API. */
import type { ChannelAnswerUpdate, ChannelButton, ChannelPostSeen } from './channel-contract.js';
import type { SlackApiCall, SlackBlock, SlackChunk, SlackStoredMessage } from './slack-api-server.js';

/** What pressing a button under a message needs: where it is, and the element pressed. */
export interface SlackButtonReference {
  channel: string;
  message: SlackStoredMessage;
  element: Record<string, unknown>;
  blockId: string;
}

const kindOf: Record<string, ChannelButton['kind']> = {
  parley_feedback_up: 'feedback_up',
  parley_feedback_down: 'feedback_down',
  parley_escalate: 'escalate',
};

/** A message the connector is done with: not streaming any more, not showing "more follows". */
export function finishedSlackPost(message: SlackStoredMessage): boolean {
  if (message.stream && !message.stream.stopped) return false;
  return !(message.versions.at(-1)?.blocks ?? []).some((block) => block.block_id === 'parley_progress');
}

/** The message as Slack shows it: its text (streamed, or its blocks), sources and buttons. */
export function seenSlackPost(message: SlackStoredMessage): ChannelPostSeen {
  const latest = message.versions.at(-1);
  const blocks = latest?.blocks ?? [];
  const lines: string[] = [];
  let sources: string[] = [];
  const buttons: ChannelButton[] = [];
  let nativeFeedback: SlackButtonReference | undefined;
  const reference = (block: SlackBlock, element: Record<string, unknown>): SlackButtonReference => ({
    channel: message.channel,
    message,
    element,
    blockId: String(block.block_id ?? ''),
  });
  for (const block of blocks) {
    if (block.type === 'section') lines.push(String((block.text as { text: string }).text));
    else if (block.type === 'context') {
      const texts = elementsOf(block).map((element) => String(element.text));
      if (block.block_id === 'parley_sources') sources = texts;
      else lines.push(...texts);
    } else if (block.type === 'actions') {
      for (const element of elementsOf(block)) {
        const kind = kindOf[String(element.action_id)];
        if (kind) buttons.push({ kind, reference: reference(block, element) });
      }
    } else if (block.type === 'context_actions') {
      const element = elementsOf(block).find((candidate) => candidate.type === 'feedback_buttons');
      if (element) nativeFeedback = reference(block, element);
    }
  }
  if (message.stream) {
    // A streamed message: its markdown as it ended, the sources in its `task_update` (or a line of text).
    const text = latest?.text ?? '';
    const listed = streamedSources(message.stream.chunks);
    sources = listed ?? /\*Sources:\*\s*(.+)$/m.exec(text)?.[1]?.split(' · ') ?? [];
    return { text, sources, buttons, ...(nativeFeedback ? { nativeFeedback } : {}) };
  }
  return {
    text: blocks.length > 0 ? lines.join('\n') : (latest?.text ?? ''),
    sources,
    buttons,
    ...(nativeFeedback ? { nativeFeedback } : {}),
  };
}

/**
 * What a streamed message showed at each call before it stopped, in the order Slack got them
 * (`chat.startStream`, then each `chat.appendStream`): a task started (its title, as Slack shows
 * it in the plan), or the markdown so far. `calls` are the Web API calls the fake recorded.
 */
export function slackStreamUpdates(
  message: SlackStoredMessage,
  calls: SlackApiCall[],
): ChannelAnswerUpdate[] {
  if (!message.stream) return [];
  const later = calls.filter(
    (call) =>
      (call.method === 'chat.appendStream' || call.method === 'chat.stopStream') &&
      call.outcome.ok &&
      call.body.channel === message.channel &&
      call.body.ts === message.ts,
  );
  const appended = later.filter((call) => call.method === 'chat.appendStream').map(chunksOf);
  const afterStart = later.reduce((count, call) => count + chunksOf(call).length, 0);
  // What `chat.startStream` carried: the stream's first chunks, before those of the later calls.
  const started = message.stream.chunks.slice(0, message.stream.chunks.length - afterStart);
  const updates: ChannelAnswerUpdate[] = [];
  let text = '';
  for (const chunks of [started, ...appended]) {
    const before = text;
    for (const chunk of chunks) {
      if (chunk.type === 'markdown_text') text += String(chunk.text);
      else if (
        chunk.type === 'task_update' &&
        chunk.id !== 'parley_sources' &&
        chunk.status === 'in_progress'
      )
        updates.push({ kind: 'status', text: String(chunk.title) });
    }
    if (text !== before && text.trim() !== '') updates.push({ kind: 'text', text });
  }
  return updates;
}

function chunksOf(call: SlackApiCall): SlackChunk[] {
  if (Array.isArray(call.body.chunks)) return call.body.chunks as SlackChunk[];
  return typeof call.body.markdown_text === 'string'
    ? [{ type: 'markdown_text', text: call.body.markdown_text }]
    : [];
}

function streamedSources(chunks: SlackChunk[]): string[] | null {
  const task = chunks.findLast((chunk) => chunk.type === 'task_update' && chunk.id === 'parley_sources');
  const sources = task?.sources as { text: string }[] | undefined;
  return sources ? sources.map((source) => source.text) : null;
}

function elementsOf(block: SlackBlock): Record<string, unknown>[] {
  return Array.isArray(block.elements) ? (block.elements as Record<string, unknown>[]) : [];
}
