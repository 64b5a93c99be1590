import type { ChatMessage } from './chat-model.js';

/** Splits text into word-sized pieces whose concatenation is the text itself. */
export function splitIntoTokens(text: string): string[] {
  return text.match(/\s*\S+|\s+$/g) ?? [];
}

/** A rough token count (about four characters a token), for models that report none. */
export function estimateTokens(messages: ChatMessage[]): number {
  const characters = messages.reduce((total, message) => total + message.content.length + 4, 0);
  return Math.max(1, Math.ceil(characters / 4));
}
