import type { ChatMessage } from './chat-message.js';
import type { MessageList } from './message-list.js';
import type { StoredThread } from './thread-record.js';

/**
 * The one line that says a person was asked for. It is the answer of the turn that handed the
 * session over when the visitor asked in words (or the model did), the widget's own notice
 * otherwise (the button, the API, the console); where it goes is kept with the thread, so a
 * reload shows it again in its place.
 */
export class HandoffNotice {
  /** Where the last handoff notice goes: the answer that said it, or the message it follows. */
  place: StoredThread['handoff'];
  /** Escalated while a turn ran: the notice waits for the turn's end (its answer may be the notice). */
  owed = false;

  readonly #list: MessageList;
  readonly #text: () => string;

  constructor(list: MessageList, text: () => string, stored: StoredThread['handoff']) {
    this.#list = list;
    this.#text = text;
    this.place = stored;
  }

  /** The widget's notice, at the end, remembered with the message it follows. */
  add(): void {
    const after = this.#list.lastId;
    this.place = after ? { after } : {};
    this.owed = false;
    this.#list.addNotice(this.#text());
  }

  /** The answer that handed the session over becomes the notice; false when it wrote nothing. */
  takeAnswer(answer: ChatMessage): boolean {
    if (!answer.id || answer.content === '') return false;
    answer.role = 'notice';
    this.place = { answer: answer.id };
    this.owed = false;
    return true;
  }

  /** After the history was read: the notice in its place (after the last answer when nothing was kept). */
  showInHistory(escalated: boolean): void {
    const lastAnswer = this.#list.lastAnswerId;
    const answer = this.place?.answer;
    if (answer) this.#list.answerToNotice(answer);
    if (escalated && answer !== lastAnswer)
      this.#list.addNotice(this.#text(), this.place?.after ?? lastAnswer);
  }

  clear(): void {
    this.place = undefined;
    this.owed = false;
  }
}
