import { type ChatMessage, fromStored, noticeMessage } from './chat-message.js';
import type { StoredMessage } from './protocol.js';

/**
 * The finished messages, in order: the stored history, the turns answered
 * (or failed) since, a person's messages and notices. Turns still running are
 * the turn queue's.
 */
export class MessageList {
  #messages: ChatMessage[] = [];
  #noticeCount = 0;

  get all(): readonly ChatMessage[] {
    return this.#messages;
  }

  /** The stored conversation replaces what is shown. */
  replace(stored: StoredMessage[]): void {
    this.#messages = stored.map(fromStored);
  }

  clear(): void {
    this.#messages = [];
  }

  add(message: ChatMessage): void {
    this.#messages.push(message);
  }

  /** A line about the conversation (a person joined or left), at the end or after the message `after`. */
  addNotice(text: string, after?: string): void {
    const notice = noticeMessage(text, ++this.#noticeCount);
    const index = after === undefined ? -1 : this.#messages.findIndex((shown) => shown.id === after);
    if (index < 0) this.#messages.push(notice);
    else this.#messages.splice(index + 1, 0, notice);
  }

  /** The id of the last stored message shown (where a notice added now belongs after a reload). */
  get lastId(): string | undefined {
    return this.#messages.findLast((shown) => shown.id)?.id;
  }

  /** The id of the last assistant answer, if any. */
  get lastAnswerId(): string | undefined {
    return this.#messages.findLast((shown) => shown.role === 'assistant' && shown.id)?.id;
  }

  /** The answer that handed the session over reads as the handoff notice (no thumbs); false if absent. */
  answerToNotice(id: string): boolean {
    const answer = this.#messages.find((shown) => shown.id === id && shown.role === 'assistant');
    if (!answer) return false;
    answer.role = 'notice';
    return true;
  }

  /** A person's message, once: false when it is shown already (it came live and in the history). */
  addHumanMessage(message: StoredMessage): boolean {
    if (this.#messages.some((shown) => shown.id === message.id)) return false;
    this.#messages.push(fromStored({ ...message, role: 'human_agent' }));
    return true;
  }

  /** Takes out a failed turn (its user message and error) to send it again; its user message, if any. */
  takeFailedTurn(requestId: string | undefined): ChatMessage | undefined {
    const user = this.#messages.find((shown) => shown.requestId === requestId && shown.role === 'user');
    if (!requestId || !user) return undefined;
    this.#messages = this.#messages.filter((shown) => shown.requestId !== requestId);
    return user;
  }

  /**
   * Where the history shows a sent turn's message: `last` (not answered yet: the history's copy is
   * dropped, the turn shows it), `answered` (followed by its answer), or `absent`.
   */
  matchSentTurn(message: string): 'absent' | 'last' | 'answered' {
    const index = this.#messages.findLastIndex((shown) => shown.role === 'user' && shown.content === message);
    if (index < 0) return 'absent';
    if (index < this.#messages.length - 1) return 'answered';
    this.#messages.splice(index, 1);
    return 'last';
  }
}
