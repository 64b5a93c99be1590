import type { ParleyEscalatedDetail } from '../events/parley-events.js';
import { type ChatMessage, placeholderAnswer } from './chat-message.js';
import type { ChatSessionListener, ChatSessionTexts } from './chat-session-listener.js';
import type { ChatTarget } from './chat-target.js';
import { HandoffNotice } from './handoff-notice.js';
import { MessageList } from './message-list.js';
import type { ChatConfig, ErrorObject, HumanMessageEvent, TurnEvent } from './protocol.js';
import { requestAlreadyAnswered } from './protocol.js';
import { rateMessage } from './rate-message.js';
import { type PendingTurn, type StoredThread, ThreadSaver, type ThreadStore } from './thread-record.js';
import { replyTimeoutMs, type Transport } from './transport.js';
import { applyTurnEvent } from './turn-events.js';
import { TurnQueue } from './turn-queue.js';

export type { ChatSessionListener, ChatSessionTexts } from './chat-session-listener.js';

/** The id a thread's live event (or the thread itself) names: a session's, or an agent conversation's. */
const threadIdOf = (thread: { session_id?: unknown; conversation_id?: unknown }) =>
  thread.session_id ?? thread.conversation_id;

/**
 * One conversation over the socket, transport-free: the messages shown, the
 * turns not yet answered (sent one at a time, each with a stable `request_id`,
 * kept in the thread store so a reload resumes them), history, feedback and
 * the hand-off to a person. What differs between an app's session and an
 * agent's conversation is its `ChatTarget`'s business.
 */
export class ChatSession {
  config: ChatConfig = {};
  escalated = false;
  /** The person typing an answer now (a few seconds after their last `typing`), or null. */
  typist: string | null = null;
  #typistTimer: ReturnType<typeof setTimeout> | undefined;
  metadata: Record<string, unknown> = {};
  /** True once the first connection loaded the thread. */
  started = false;

  /** Finished messages: history, answered turns, a person's messages, notices. */
  readonly #settled = new MessageList();
  /** Turns not yet answered, sent one at a time. */
  readonly #queue = new TurnQueue();
  /** Writes the thread record (`#record`) to the store. */
  readonly #saver: ThreadSaver;
  /** Bumped whenever a pending acknowledgement must be ignored (a resend, a reset). */
  #attempt = 0;
  /** The line that says a person was asked for. */
  readonly #handoff: HandoffNotice;

  readonly #target: ChatTarget;
  readonly #transport: Transport;
  readonly #listener: ChatSessionListener;
  readonly #texts: () => ChatSessionTexts;

  constructor(
    target: ChatTarget,
    transport: Transport,
    store: ThreadStore,
    listener: ChatSessionListener,
    texts: () => ChatSessionTexts,
  ) {
    this.#target = target;
    this.#transport = transport;
    this.#listener = listener;
    this.#texts = texts;
    this.#saver = new ThreadSaver(store, () => this.#record());
    const stored = store.load();
    target.restore(stored);
    this.#handoff = new HandoffNotice(this.#settled, () => this.#texts().escalated, stored.handoff);
    for (const turn of stored.pending ?? []) this.#queue.add({ ...turn });
  }

  /** Everything to show, in order. */
  get messages(): ChatMessage[] {
    return [...this.#settled.all, ...this.#queue.messages];
  }

  /** The user sends a message: shown at once (pending while offline), sent when its turn comes. */
  send(text: string): void {
    const message = text.trim();
    if (message === '') return;
    this.#queue.addMessage(message);
    this.#saver.save();
    this.#listener.message({ role: 'user', content: message });
    this.#listener.changed();
    this.#pump();
  }

  /** The socket is connected: load the thread the first time, then resume or send what waits. */
  async online(): Promise<void> {
    if (!this.started) {
      await Promise.all([this.#loadConfig(), this.#loadThread()]);
      this.started = true;
    } else if (this.escalated && !this.#queue.inFlight && this.#queue.isEmpty) {
      // A person may have answered while the connection was down.
      await this.#loadThread();
    }
    this.#subscribe();
    const turn = this.#queue.first;
    if (turn?.sent) {
      if (turn.seq >= 0) await this.#resume(turn);
      else this.#emitTurn(turn);
    }
    this.#pump();
  }

  /** A server event (turn events carry `request_id` and `seq`; session events carry `session_id`). */
  receive(type: string, data: unknown): void {
    if (typeof data !== 'object' || data === null) return;
    // A thread this chat no longer shows (before a reset: someone else's) says nothing here.
    if (type === 'human_message' || type === 'escalated' || type === 'resolved' || type === 'typing') {
      const live = this.#target.liveSession;
      if (!live || threadIdOf(data) !== threadIdOf(live)) return;
    }
    if (type === 'typing') this.#showTypist(String((data as { author?: unknown }).author));
    else if (type === 'human_message') {
      this.#showTypist(null);
      this.#receiveHumanMessage(data as HumanMessageEvent);
    } else if (type === 'escalated') this.#markEscalated(data as ParleyEscalatedDetail);
    else if (type === 'resolved') {
      if (!this.escalated) return;
      this.escalated = false;
      this.#handoff.owed = false;
      this.#saver.save();
      this.#addNotice(this.#texts().resolved);
    } else this.#receiveTurnEvent({ ...(data as object), type } as TurnEvent);
  }

  /** Send again a message whose answer failed (a new request: the failed one is over). */
  retry(message: ChatMessage): void {
    const user = this.#settled.takeFailedTurn(message.requestId);
    if (user) this.send(user.content);
  }

  /** Answers can be rated: those of an app's session, or of an agent's conversation that is kept. */
  get canRate(): boolean {
    return this.#target.canRate;
  }

  /** The user can ask for a person: a session exists, and no person answers it yet. */
  get canEscalate(): boolean {
    return this.#target.liveSession !== null && !this.escalated;
  }

  /** The fields naming the thread in the socket's messages (a rating's, a source's); null before there is one. */
  get thread(): Record<string, string> | null {
    return this.#target.ratingFields;
  }

  async rate(message: ChatMessage, rating: 'up' | 'down'): Promise<void> {
    const thread = this.#target.ratingFields;
    if (thread && message.id)
      await rateMessage(this.#transport, thread, message, message.id, rating, () => this.#listener.changed());
  }

  /** The user asks for a person. */
  async escalate(): Promise<ErrorObject | null> {
    const session = this.#target.liveSession;
    if (!session) return null;
    const answer = await this.#transport.request('escalate', session, replyTimeoutMs);
    if (!answer.ok) return answer.error;
    this.#markEscalated(session);
    return null;
  }

  /** Metadata for the session (sent with the next message; the greeting is rendered with it). */
  setMetadata(metadata: Record<string, unknown>): void {
    this.metadata = { ...this.metadata, ...metadata };
    if (this.started && this.#transport.online) void this.#loadConfig();
  }

  /** Forget the conversation (the user logged out): nothing stored, nothing shown. */
  reset(): void {
    this.#saver.clear();
    this.#target.forget();
    this.#queue.clear();
    this.#settled.clear();
    this.escalated = false;
    this.#handoff.clear();
    this.#attempt += 1;
    this.#listener.changed();
  }

  /** Writes what is shown now (and what a grouped save would have written) at once. */
  flush(): void {
    this.#saver.flush();
  }

  /** Drops a grouped save not yet written (this session is done with its store). */
  cancelSave(): void {
    this.#saver.cancel();
  }

  /** The record kept between page loads: the thread's id and the turns not yet answered. */
  #record(): StoredThread {
    const thread: StoredThread = {};
    this.#target.record(thread);
    if (!this.#queue.isEmpty) thread.pending = this.#queue.turns;
    if (this.#handoff.place) thread.handoff = this.#handoff.place;
    if (this.escalated) thread.escalated = true;
    return thread;
  }

  async #loadConfig(): Promise<void> {
    const metadata = Object.keys(this.metadata).length > 0 ? { metadata: this.metadata } : {};
    const answer = await this.#transport.request<{ config: ChatConfig }>(
      'config',
      { ...this.#target.configFields, ...metadata },
      replyTimeoutMs,
    );
    if (!answer.ok) {
      // Not for this page (a user hash that does not verify): nothing more is sent.
      if (answer.error.code === 'permission_error') this.#transport.refuse(answer.error);
      return;
    }
    this.config = answer.config ?? {};
    if (this.#target.configure(this.config)) {
      this.#saver.save();
      // The session of a verified user, begun on another device: its conversation is shown.
      if (this.#target.liveSession) await this.#loadThread();
    }
    this.#listener.changed();
  }

  /** Reads the stored conversation; false when the server could not tell. */
  async #loadThread(): Promise<boolean> {
    const reading = this.#target.readThread(this.#transport);
    if (!reading) return true;
    const answer = await reading;
    if (!answer.ok) {
      if (answer.error.code === 'not_found') {
        this.#forgetThread();
        return true;
      }
      return false;
    }
    if (answer.escalated !== undefined) this.escalated = answer.escalated;
    this.#settled.replace(answer.messages);
    this.#handoff.showInHistory(this.escalated);
    this.#matchTurnToHistory();
    this.#listener.changed();
    return true;
  }

  /** The sent turn is in the history: drop the duplicate user message, or the turn if it was answered. */
  #matchTurnToHistory(): void {
    const turn = this.#queue.first;
    if (turn?.sent && this.#settled.matchSentTurn(turn.message) === 'answered') this.#dropTurn(turn);
  }

  #forgetThread(): void {
    this.#target.forget();
    this.#settled.clear();
    this.#saver.save();
  }

  /** A session's live events (a person's messages) come to this socket only once it asks. */
  #subscribe(): void {
    const session = this.#target.liveSession;
    if (session) void this.#transport.request('subscribe', session, replyTimeoutMs);
  }

  /** Sends the next waiting turn when online and nothing else is on its way. */
  #pump(): void {
    if (!this.started || !this.#transport.online || this.#queue.inFlight) return;
    const next = this.#queue.first;
    if (next) this.#emitTurn(next);
  }

  #emitTurn(turn: PendingTurn): void {
    this.#queue.markSent(turn);
    this.#saver.save();
    this.#listener.changed();
    const attempt = ++this.#attempt;
    const [event, payload] = this.#target.turnRequest(turn, this.metadata);
    void this.#transport.request(event, payload).then((answer) => {
      if (attempt !== this.#attempt || this.#queue.inFlight !== turn) return;
      if (answer.ok) this.#finishTurn(turn);
      else this.#failTurn(turn, answer.error);
    });
  }

  /** Picks a turn up again after a reconnect or a reload, from the event after the last one shown. */
  async #resume(turn: PendingTurn): Promise<void> {
    this.#queue.inFlight = turn;
    const attempt = ++this.#attempt;
    const answer = await this.#transport.request<{ state: 'live' | 'finished' | 'unknown' }>(
      'resume',
      { request_id: turn.request_id, from_seq: turn.seq + 1 },
      replyTimeoutMs,
    );
    if (attempt !== this.#attempt || this.#queue.inFlight !== turn) return;
    if (answer.ok && answer.state !== 'unknown') return;
    // The server no longer knows the turn: what it stored is the truth (an answer, or nothing).
    await this.#loadThread();
    if (this.#queue.has(turn))
      this.#failTurn(turn, { code: 'incomplete', message: this.#texts().incomplete });
  }

  #receiveTurnEvent(event: TurnEvent): void {
    const turn = event.request_id ? this.#queue.find(event.request_id) : (this.#queue.inFlight ?? undefined);
    if (!turn) return;
    if (typeof event.seq === 'number') {
      if (event.seq <= turn.seq) return;
      turn.seq = event.seq;
    }
    const answer = this.#queue.messagesOf(turn)?.answer;
    if (!answer) return;
    const outcome = applyTurnEvent(event, answer, turn, this.#target);
    if (outcome === 'done') this.#finishTurn(turn);
    else if (typeof outcome === 'object') this.#failTurn(turn, outcome.error);
    else {
      // Tokens come fast: shown at once, saved in groups.
      if (outcome === 'streamed') this.#saver.saveSoon();
      else this.#saver.save();
      this.#listener.changed();
    }
  }

  #showTypist(name: string | null): void {
    clearTimeout(this.#typistTimer);
    this.typist = name;
    if (name) this.#typistTimer = setTimeout(() => this.#showTypist(null), 5_000);
    this.#listener.changed();
  }

  #receiveHumanMessage(event: HumanMessageEvent): void {
    const message = event.message;
    if (!message || !this.#settled.addHumanMessage(message)) return;
    this.#listener.message({
      role: 'human_agent',
      content: message.content,
      id: message.id,
      ...(message.author ? { author: message.author } : {}),
    });
    this.#listener.changed();
  }

  #markEscalated(detail: ParleyEscalatedDetail): void {
    if (this.escalated) return;
    this.escalated = true;
    // A turn runs: its answer may be the handoff notice itself (the visitor asked in words).
    if (this.#queue.inFlight) this.#handoff.owed = true;
    else this.#handoff.add();
    this.#saver.save();
    this.#listener.escalated(detail);
    this.#listener.changed();
  }

  /** A turn ended: if its `done` said a person answers now, its answer (if any) is the handoff notice. */
  #settleHandoff(answer: ChatMessage | null | undefined, kept: boolean): void {
    const session = this.#target.liveSession;
    if (answer?.handoff) {
      delete answer.handoff;
      if (kept && this.#handoff.takeAnswer(answer) && session && !this.escalated) {
        this.escalated = true;
        this.#listener.escalated(session);
      } else if (session) this.#markEscalated(session);
    }
    if (this.#handoff.owed && !this.#queue.inFlight) this.#handoff.add();
  }

  #addNotice(text: string): void {
    this.#settled.addNotice(text);
    this.#listener.changed();
  }

  /** The answer is complete: it joins the settled messages, and the next turn may go. */
  #finishTurn(turn: PendingTurn): void {
    const shown = this.#queue.messagesOf(turn);
    if (!shown) return;
    const answer = shown.answer;
    if (answer) {
      answer.state = 'done';
      answer.tools = [];
      answer.at = new Date().toISOString();
    }
    const hasAnswer = !!answer && (answer.content !== '' || answer.citations.length > 0);
    this.#settle(turn, hasAnswer);
    if (answer && hasAnswer) {
      this.#listener.message({
        role: 'assistant',
        content: answer.content,
        ...(answer.id ? { id: answer.id } : {}),
      });
    }
  }

  #failTurn(turn: PendingTurn, error: ErrorObject): void {
    const shown = this.#queue.messagesOf(turn);
    if (!shown) return;
    if (this.#target.expired(error)) {
      // The thread expired: the message goes again, first, in a new one.
      this.#queue.addMessage(turn.message, 'first');
      this.#dropTurn(turn);
      return;
    }
    if (error.code === 'invalid_request' && error.details?.reason === requestAlreadyAnswered) {
      // Answered long ago (its events are no longer kept): the stored conversation has it.
      this.#dropTurn(turn);
      void this.#loadThread();
      return;
    }
    shown.answer ??= placeholderAnswer(turn, 'error');
    shown.answer.state = 'error';
    shown.answer.tools = [];
    const described = this.#texts().describeError(error);
    shown.answer.error = described.text;
    if (!described.canRetry) shown.answer.final = true;
    this.#settle(turn, true);
  }

  /** The turn is over: removed from the queue (and storage), the next one may go. */
  #settle(turn: PendingTurn, keepAnswer: boolean): void {
    const shown = this.#queue.messagesOf(turn);
    if (shown) {
      this.#settled.add(shown.user);
      if (keepAnswer && shown.answer) this.#settled.add(shown.answer);
    }
    this.#queue.remove(turn);
    this.#settleHandoff(shown?.answer, keepAnswer);
    this.#dropTurn(turn);
  }

  #dropTurn(turn: PendingTurn): void {
    this.#queue.remove(turn);
    this.#saver.save();
    this.#listener.changed();
    this.#pump();
  }
}
