import type { ChatMessage } from './chat-message.js';
import { replyTimeoutMs, type Transport } from './transport.js';

/**
 * Thumbs up or down on an answer: shown pressed at once, sent as `feedback` with the fields
 * naming its thread, and unpressed again if the server refused it.
 */
export async function rateMessage(
  transport: Transport,
  thread: Record<string, string>,
  message: ChatMessage,
  messageId: string,
  rating: 'up' | 'down',
  changed: () => void,
): Promise<void> {
  const before = message.rating;
  message.rating = rating;
  changed();
  const answer = await transport.request(
    'feedback',
    { ...thread, message_id: messageId, rating },
    replyTimeoutMs,
  );
  if (answer.ok) return;
  if (before) message.rating = before;
  else delete message.rating;
  changed();
}
