import type { ParleyEscalatedDetail, ParleyMessageDetail } from '../events/parley-events.js';
import type {
  Acknowledgement,
  ChatConfig,
  Citation,
  ErrorObject,
  HumanMessageEvent,
  MessageRole,
  StoredMessage,
  TurnEvent,
} from './protocol.js';
import { requestAlreadyAnswered } from './protocol.js';

export type ChatMessageState = 'pending' | 'sent' | 'waiting' | 'streaming' | 'done' | 'error';

export interface ToolRun {
  tool: string;
  status: 'started' | 'completed' | 'failed';
}

/** A message as the chat shows it. */
export interface ChatMessage {
  /** Stable for rendering: the stored id, or derived from the turn's request id. */
  key: string;
  role: MessageRole | 'notice';
  content: string;
  state: ChatMessageState;
  /** The stored message's id (feedback needs it). */
  id?: string;
  author?: string;
  requestId?: string;
  citations: Citation[];
  tools: ToolRun[];
  error?: string;
  rating?: 'up' | 'down';
}

/** A message the user sent whose answer is not finished, as kept in `localStorage`. */
export interface PendingTurn {
  request_id: string;
  message: string;
  /** True once it was sent to the server (it may still have to be resumed). */
  sent: boolean;
  /** The last event applied (-1: none), so a reload or a reconnect resumes after it. */
  seq: number;
  /** The answer as far as it was shown at `seq`. */
  answer?: string;
  citations?: Citation[];
}

export interface StoredThread {
  session_id?: string;
  conversation_id?: string;
  pending?: PendingTurn[];
}

/** The socket as the session needs it (the connection controller, or a fake in tests). */
export interface Transport {
  readonly online: boolean;
  request<Answer extends object>(
    event: string,
    payload: object,
    timeoutMs?: number,
  ): Promise<Acknowledgement<Answer>>;
}

/** Where the thread is kept between page loads (the persistence controller). */
export interface ThreadStore {
  load(): StoredThread;
  save(thread: StoredThread): void;
  clear(): void;
}

export type ChatTarget = { kind: 'app'; appId: string } | { kind: 'agent'; agentId: string };

export interface ChatSessionListener {
  /** Anything shown changed. */
  changed(): void;
  /** A whole message was sent or arrived. */
  message(detail: ParleyMessageDetail): void;
  escalated(detail: ParleyEscalatedDetail): void;
}

export interface ChatSessionTexts {
  escalated: string;
  resolved: string;
  incomplete: string;
}

const replyTimeoutMs = 8000;
/** Tokens are saved together at most this often (each save writes the whole answer so far). */
const tokenSaveDelayMs = 300;

/** A request id the server uses to run a message at most once: 128 random bits. */
export function newRequestId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `req_${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

/** The assistant's message of a turn, before (or without) its answer. */
function placeholderAnswer(turn: PendingTurn, state: ChatMessageState): ChatMessage {
  return {
    key: `a-${turn.request_id}`,
    role: 'assistant',
    content: turn.answer ?? '',
    state,
    requestId: turn.request_id,
    citations: turn.citations ?? [],
    tools: [],
  };
}

function fromStored(message: StoredMessage): ChatMessage {
  return {
    key: message.id,
    id: message.id,
    role: message.role,
    content: message.content,
    state: message.status === 'incomplete' && message.content === '' ? 'error' : 'done',
    citations: message.citations ?? [],
    tools: [],
    ...(message.author ? { author: message.author } : {}),
    ...(message.feedback?.rating ? { rating: message.feedback.rating } : {}),
  };
}

/**
 * One conversation over the socket, transport-free: the messages shown, the
 * turns not yet answered (sent one at a time, each with a stable `request_id`,
 * kept in the thread store so a reload resumes them), history, feedback and
 * the hand-off to a person.
 */
export class ChatSession {
  config: ChatConfig = {};
  escalated = false;
  sessionId: string | null;
  conversationId: string | null;
  metadata: Record<string, unknown> = {};
  /** True once the first connection loaded the thread. */
  started = false;

  /** Finished messages, in order: history, answered turns, notices. */
  private settled: ChatMessage[] = [];
  /** Unfinished turns, oldest first; only the first one is ever in flight. */
  private queue: PendingTurn[] = [];
  private turnMessages = new Map<string, { user: ChatMessage; answer: ChatMessage | null }>();
  private inFlight: PendingTurn | null = null;
  /** Bumped whenever a pending acknowledgement must be ignored (a resend, a reset). */
  private attempt = 0;
  private noticeCount = 0;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly target: ChatTarget,
    private readonly transport: Transport,
    private readonly store: ThreadStore,
    private readonly listener: ChatSessionListener,
    private readonly texts: () => ChatSessionTexts,
  ) {
    const stored = store.load();
    this.sessionId = stored.session_id ?? null;
    this.conversationId = stored.conversation_id ?? null;
    for (const turn of stored.pending ?? []) this.track({ ...turn });
  }

  /** Everything to show, in order. */
  get messages(): ChatMessage[] {
    const unfinished = this.queue.flatMap((turn) => {
      const shown = this.turnMessages.get(turn.request_id);
      if (!shown) return [];
      return shown.answer ? [shown.user, shown.answer] : [shown.user];
    });
    return [...this.settled, ...unfinished];
  }

  /** The user sends a message: shown at once (pending while offline), sent when its turn comes. */
  send(text: string): void {
    const message = text.trim();
    if (message === '') return;
    this.track({ request_id: newRequestId(), message, sent: false, seq: -1 });
    this.persist();
    this.listener.message({ role: 'user', content: message });
    this.listener.changed();
    this.pump();
  }

  /** The socket is connected: load the thread the first time, then resume or send what waits. */
  async online(): Promise<void> {
    if (!this.started) {
      await Promise.all([this.loadConfig(), this.loadThread()]);
      this.started = true;
    } else if (this.escalated && !this.inFlight && this.queue.length === 0) {
      // A person may have answered while the connection was down.
      await this.loadThread();
    }
    this.subscribe();
    const turn = this.queue[0];
    if (turn?.sent) {
      if (turn.seq >= 0) await this.resume(turn);
      else this.emitTurn(turn);
    }
    this.pump();
  }

  /** A server event (turn events carry `request_id` and `seq`; session events carry `session_id`). */
  receive(type: string, data: unknown): void {
    if (typeof data !== 'object' || data === null) return;
    // A session this chat no longer shows (before a reset: someone else's) says nothing here.
    const sessionId = (data as { session_id?: unknown }).session_id;
    if (type === 'human_message' || type === 'escalated' || type === 'resolved') {
      if (sessionId !== this.sessionId) return;
    }
    if (type === 'human_message') this.receiveHumanMessage(data as HumanMessageEvent);
    else if (type === 'escalated') this.markEscalated(data as ParleyEscalatedDetail);
    else if (type === 'resolved') {
      if (!this.escalated) return;
      this.escalated = false;
      this.addNotice(this.texts().resolved);
    } else this.receiveTurnEvent({ ...(data as object), type } as TurnEvent);
  }

  /** Send again a message whose answer failed (a new request: the failed one is over). */
  retry(message: ChatMessage): void {
    const requestId = message.requestId;
    const user = this.settled.find((shown) => shown.requestId === requestId && shown.role === 'user');
    if (!requestId || !user) return;
    this.settled = this.settled.filter((shown) => shown.requestId !== requestId);
    this.send(user.content);
  }

  /** Answers can be rated: those of an app's session, or of an agent's conversation that is kept. */
  get canRate(): boolean {
    return this.target.kind === 'app' || this.config.allow_conversations === true;
  }

  async rate(message: ChatMessage, rating: 'up' | 'down'): Promise<void> {
    const thread =
      this.target.kind === 'app'
        ? this.sessionId && { app_id: this.target.appId, session_id: this.sessionId }
        : this.canRate &&
          this.conversationId && { agent_id: this.target.agentId, conversation_id: this.conversationId };
    if (!thread || !message.id) return;
    const before = message.rating;
    message.rating = rating;
    this.listener.changed();
    const answer = await this.transport.request(
      'feedback',
      { ...thread, message_id: message.id, rating },
      replyTimeoutMs,
    );
    if (!answer.ok) {
      if (before) message.rating = before;
      else delete message.rating;
      this.listener.changed();
    }
  }

  /** The user asks for a person. */
  async escalate(): Promise<ErrorObject | null> {
    if (this.target.kind !== 'app' || !this.sessionId) return null;
    const sessionId = this.sessionId;
    const answer = await this.transport.request(
      'escalate',
      { app_id: this.target.appId, session_id: sessionId },
      replyTimeoutMs,
    );
    if (!answer.ok) return answer.error;
    this.markEscalated({ session_id: sessionId });
    return null;
  }

  /** Metadata for the session (sent with the next message; the greeting is rendered with it). */
  setMetadata(metadata: Record<string, unknown>): void {
    this.metadata = { ...this.metadata, ...metadata };
    if (this.started && this.transport.online) void this.loadConfig();
  }

  /** Forget the conversation (the user logged out): nothing stored, nothing shown. */
  reset(): void {
    this.cancelSave();
    this.store.clear();
    this.sessionId = null;
    this.conversationId = null;
    this.queue = [];
    this.turnMessages.clear();
    this.settled = [];
    this.inFlight = null;
    this.escalated = false;
    this.attempt += 1;
    this.listener.changed();
  }

  private get keepsConversations(): boolean {
    return this.config.allow_conversations !== false;
  }

  private track(turn: PendingTurn): void {
    this.queue.push(turn);
    const user: ChatMessage = {
      key: `u-${turn.request_id}`,
      role: 'user',
      content: turn.message,
      state: turn.sent ? 'sent' : 'pending',
      requestId: turn.request_id,
      citations: [],
      tools: [],
    };
    const answer = turn.sent ? placeholderAnswer(turn, turn.answer ? 'streaming' : 'waiting') : null;
    this.turnMessages.set(turn.request_id, { user, answer });
  }

  /** Writes what is shown now (and what a grouped save would have written) at once. */
  flush(): void {
    if (this.saveTimer !== undefined) this.persist();
  }

  /** Drops a grouped save not yet written (this session is done with its store). */
  cancelSave(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
  }

  /** A grouped save: streamed tokens are written together, with the `seq` they reached. */
  private persistSoon(): void {
    this.saveTimer ??= setTimeout(() => this.persist(), tokenSaveDelayMs);
  }

  private persist(): void {
    this.cancelSave();
    const thread: StoredThread = {};
    if (this.sessionId) thread.session_id = this.sessionId;
    if (this.conversationId && this.keepsConversations) thread.conversation_id = this.conversationId;
    if (this.queue.length > 0) thread.pending = this.queue;
    if (Object.keys(thread).length === 0) this.store.clear();
    else this.store.save(thread);
  }

  private async loadConfig(): Promise<void> {
    const target =
      this.target.kind === 'app' ? { app_id: this.target.appId } : { agent_id: this.target.agentId };
    const metadata = Object.keys(this.metadata).length > 0 ? { metadata: this.metadata } : {};
    const answer = await this.transport.request<{ config: ChatConfig }>(
      'config',
      { ...target, ...metadata },
      replyTimeoutMs,
    );
    if (!answer.ok) return;
    this.config = answer.config ?? {};
    if (!this.keepsConversations && this.conversationId) {
      this.conversationId = null;
      this.persist();
    }
    this.listener.changed();
  }

  /** Reads the stored conversation; false when the server could not tell. */
  private async loadThread(): Promise<boolean> {
    let answer: Acknowledgement<{ messages: StoredMessage[] }>;
    if (this.target.kind === 'app') {
      if (!this.sessionId) return true;
      const reply = await this.transport.request<{
        history: { messages: StoredMessage[]; escalated?: boolean };
      }>('history', { app_id: this.target.appId, session_id: this.sessionId }, replyTimeoutMs);
      answer = reply.ok ? { ok: true, messages: reply.history?.messages ?? [] } : reply;
      // A person still answers this session: no "Talk to a person" again after a reload.
      if (reply.ok) this.escalated = reply.history?.escalated === true;
    } else {
      if (!this.conversationId || !this.keepsConversations) return true;
      const reply = await this.transport.request<{ conversation: { messages: StoredMessage[] } }>(
        'conversation',
        { agent_id: this.target.agentId, conversation_id: this.conversationId },
        replyTimeoutMs,
      );
      answer = reply.ok ? { ok: true, messages: reply.conversation?.messages ?? [] } : reply;
    }
    if (!answer.ok) {
      if (answer.error.code === 'not_found') {
        this.forgetThread();
        return true;
      }
      return false;
    }
    this.settled = answer.messages.map(fromStored);
    this.matchTurnToHistory();
    this.listener.changed();
    return true;
  }

  /** The sent turn is in the history: drop the duplicate user message, or the turn if it was answered. */
  private matchTurnToHistory(): void {
    const turn = this.queue[0];
    if (!turn?.sent) return;
    const index = this.settled.findLastIndex(
      (message) => message.role === 'user' && message.content === turn.message,
    );
    if (index < 0) return;
    if (index === this.settled.length - 1) {
      this.settled.splice(index, 1);
      return;
    }
    this.dropTurn(turn);
  }

  private forgetThread(): void {
    this.sessionId = null;
    this.conversationId = null;
    this.settled = [];
    this.persist();
  }

  private subscribe(): void {
    if (this.target.kind !== 'app' || !this.sessionId) return;
    void this.transport.request(
      'subscribe',
      { app_id: this.target.appId, session_id: this.sessionId },
      replyTimeoutMs,
    );
  }

  /** Sends the next waiting turn when online and nothing else is on its way. */
  private pump(): void {
    if (!this.started || !this.transport.online || this.inFlight) return;
    const next = this.queue[0];
    if (next) this.emitTurn(next);
  }

  private emitTurn(turn: PendingTurn): void {
    this.inFlight = turn;
    turn.sent = true;
    const shown = this.turnMessages.get(turn.request_id);
    if (shown) {
      shown.user.state = 'sent';
      shown.answer ??= placeholderAnswer(turn, 'waiting');
    }
    this.persist();
    this.listener.changed();
    const attempt = ++this.attempt;
    const hasMetadata = Object.keys(this.metadata).length > 0;
    const [event, payload] =
      this.target.kind === 'app'
        ? [
            'execute',
            {
              app_id: this.target.appId,
              message: turn.message,
              request_id: turn.request_id,
              ...(this.sessionId ? { session_id: this.sessionId } : {}),
              ...(hasMetadata ? { metadata: this.metadata } : {}),
            },
          ]
        : [
            'chat',
            {
              agent_id: this.target.agentId,
              message: turn.message,
              request_id: turn.request_id,
              ...(this.conversationId && this.keepsConversations
                ? { conversation_id: this.conversationId }
                : {}),
            },
          ];
    void this.transport.request(event, payload).then((answer) => {
      if (attempt !== this.attempt || this.inFlight !== turn) return;
      if (answer.ok) this.finishTurn(turn);
      else this.failTurn(turn, answer.error);
    });
  }

  /** Picks a turn up again after a reconnect or a reload, from the event after the last one shown. */
  private async resume(turn: PendingTurn): Promise<void> {
    this.inFlight = turn;
    const attempt = ++this.attempt;
    const answer = await this.transport.request<{ state: 'live' | 'finished' | 'unknown' }>(
      'resume',
      { request_id: turn.request_id, from_seq: turn.seq + 1 },
      replyTimeoutMs,
    );
    if (attempt !== this.attempt || this.inFlight !== turn) return;
    if (answer.ok && answer.state !== 'unknown') return;
    // The server no longer knows the turn: what it stored is the truth (an answer, or nothing).
    await this.loadThread();
    if (this.queue.includes(turn))
      this.failTurn(turn, { code: 'incomplete', message: this.texts().incomplete });
  }

  private receiveTurnEvent(event: TurnEvent): void {
    const turn = event.request_id
      ? this.queue.find((candidate) => candidate.request_id === event.request_id)
      : (this.inFlight ?? undefined);
    if (!turn) return;
    if (typeof event.seq === 'number') {
      if (event.seq <= turn.seq) return;
      turn.seq = event.seq;
    }
    const answer = this.turnMessages.get(turn.request_id)?.answer;
    if (!answer) return;
    switch (event.type) {
      case 'start':
        // The server follows the session of a turn it sends (no `subscribe` needed).
        if (event.session_id) this.sessionId = event.session_id;
        if (event.conversation_id) this.conversationId = event.conversation_id;
        break;
      case 'token':
        answer.content += event.content;
        answer.state = 'streaming';
        turn.answer = answer.content;
        this.persistSoon();
        this.listener.changed();
        return;
      case 'tool_call': {
        answer.tools = [
          ...answer.tools.filter((run) => run.tool !== event.tool),
          { tool: event.tool, status: event.status },
        ];
        break;
      }
      case 'citation': {
        const { type: _type, request_id: _request, seq: _seq, ...citation } = event;
        if (!answer.citations.some((known) => known.id === citation.id)) {
          answer.citations = [...answer.citations, citation];
          turn.citations = answer.citations;
        }
        break;
      }
      case 'done': {
        // No message_id: nothing was stored (nothing to rate).
        if (event.message_id) answer.id = event.message_id;
        if (event.conversation_id) this.conversationId = event.conversation_id;
        if (event.citations?.length && answer.citations.length === 0) answer.citations = event.citations;
        this.finishTurn(turn);
        return;
      }
      case 'error':
        this.failTurn(turn, event.error);
        return;
    }
    this.persist();
    this.listener.changed();
  }

  private receiveHumanMessage(event: HumanMessageEvent): void {
    const message = event.message;
    if (!message || this.settled.some((shown) => shown.id === message.id)) return;
    this.settled.push(fromStored({ ...message, role: 'human_agent' }));
    this.listener.message({
      role: 'human_agent',
      content: message.content,
      id: message.id,
      ...(message.author ? { author: message.author } : {}),
    });
    this.listener.changed();
  }

  private markEscalated(detail: ParleyEscalatedDetail): void {
    if (this.escalated) return;
    this.escalated = true;
    this.addNotice(this.texts().escalated);
    this.listener.escalated(detail);
  }

  private addNotice(text: string): void {
    this.settled.push({
      key: `notice-${++this.noticeCount}`,
      role: 'notice',
      content: text,
      state: 'done',
      citations: [],
      tools: [],
    });
    this.listener.changed();
  }

  /** The answer is complete: it joins the settled messages, and the next turn may go. */
  private finishTurn(turn: PendingTurn): void {
    const shown = this.turnMessages.get(turn.request_id);
    if (!shown) return;
    const answer = shown.answer;
    if (answer) {
      answer.state = 'done';
      answer.tools = [];
    }
    const hasAnswer = !!answer && (answer.content !== '' || answer.citations.length > 0);
    this.settle(turn, hasAnswer);
    if (answer && hasAnswer) {
      this.listener.message({
        role: 'assistant',
        content: answer.content,
        ...(answer.id ? { id: answer.id } : {}),
      });
    }
  }

  private failTurn(turn: PendingTurn, error: ErrorObject): void {
    const shown = this.turnMessages.get(turn.request_id);
    if (!shown) return;
    if (error.code === 'not_found' && error.details?.session_id && this.sessionId) {
      // The session expired: the message goes again, first, in a new session.
      this.sessionId = null;
      this.track({ request_id: newRequestId(), message: turn.message, sent: false, seq: -1 });
      this.queue.unshift(this.queue.pop() as PendingTurn);
      this.dropTurn(turn);
      return;
    }
    if (error.code === 'invalid_request' && error.details?.reason === requestAlreadyAnswered) {
      // Answered long ago (its events are no longer kept): the stored conversation has it.
      this.dropTurn(turn);
      void this.loadThread();
      return;
    }
    shown.answer ??= placeholderAnswer(turn, 'error');
    shown.answer.state = 'error';
    shown.answer.tools = [];
    shown.answer.error = error.message;
    this.settle(turn, true);
  }

  /** The turn is over: removed from the queue (and storage), the next one may go. */
  private settle(turn: PendingTurn, keepAnswer: boolean): void {
    const shown = this.turnMessages.get(turn.request_id);
    if (shown) {
      this.settled.push(shown.user);
      if (keepAnswer && shown.answer) this.settled.push(shown.answer);
    }
    this.dropTurn(turn);
  }

  private dropTurn(turn: PendingTurn): void {
    const index = this.queue.indexOf(turn);
    if (index >= 0) this.queue.splice(index, 1);
    this.turnMessages.delete(turn.request_id);
    if (this.inFlight === turn) this.inFlight = null;
    this.persist();
    this.listener.changed();
    this.pump();
  }
}
