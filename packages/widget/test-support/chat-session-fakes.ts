import { AppSessionTarget } from '../src/conversation/app-session-target.js';
import type { ChatMessage } from '../src/conversation/chat-message.js';
import { ChatSession } from '../src/conversation/chat-session.js';
import type { ChatTarget } from '../src/conversation/chat-target.js';
import type { Acknowledgement, ErrorObject } from '../src/conversation/protocol.js';
import type { StoredThread, ThreadStore } from '../src/conversation/thread-record.js';
import type { Transport } from '../src/conversation/transport.js';
import type { ParleyMessageDetail } from '../src/events/parley-events.js';

/** The chat session's surroundings, played by its tests: the socket, the storage and the listener. */

export interface Sent {
  event: string;
  payload: Record<string, unknown>;
  answer(acknowledgement: Acknowledgement): void;
}

/** The socket, played by the test: every request waits until the test answers it. */
export class FakeTransport implements Transport {
  online = false;
  /** What `refuse` was given: the connection is then closed. */
  refusal: ErrorObject | null = null;
  sent: Sent[] = [];
  /** Answers given at once, by message name. */
  automatic: Record<string, Acknowledgement> = {
    config: { ok: true, config: { name: 'Shop', greeting: 'Hi', starter_prompts: [] } } as Acknowledgement,
    subscribe: { ok: true },
  };

  request<Answer extends object>(event: string, payload: object): Promise<Acknowledgement<Answer>> {
    if (!this.online) return Promise.resolve({ ok: false, error: { code: 'offline', message: 'offline' } });
    return new Promise((resolve) => {
      const automatic = this.automatic[event];
      if (automatic) resolve(automatic as Acknowledgement<Answer>);
      else
        this.sent.push({
          event,
          payload: payload as Record<string, unknown>,
          answer: (answer) => resolve(answer as Acknowledgement<Answer>),
        });
    });
  }

  refuse(error: ErrorObject): void {
    this.refusal = error;
    this.online = false;
  }

  take(event: string): Sent {
    const index = this.sent.findIndex((sent) => sent.event === event);
    if (index < 0)
      throw new Error(`nothing sent as ${event}: ${this.sent.map((sent) => sent.event).join(', ')}`);
    return this.sent.splice(index, 1)[0] as Sent;
  }

  count(event: string): number {
    return this.sent.filter((sent) => sent.event === event).length;
  }
}

export class MemoryStore implements ThreadStore {
  thread: StoredThread = {};
  load(): StoredThread {
    return structuredClone(this.thread);
  }
  save(thread: StoredThread): void {
    this.thread = structuredClone(thread);
  }
  clear(): void {
    this.thread = {};
  }
}

const texts = {
  escalated: 'A person will answer.',
  resolved: 'Back to the bot.',
  incomplete: 'Cut short.',
  describeError: (error: ErrorObject) => ({ text: error.message, canRetry: true }),
};

export function open(
  transport: FakeTransport,
  store: MemoryStore,
  target: ChatTarget = new AppSessionTarget('app_test'),
) {
  const heard: ParleyMessageDetail[] = [];
  const session = new ChatSession(
    target,
    transport,
    store,
    { changed: () => {}, message: (detail) => heard.push(detail), escalated: () => {} },
    () => texts,
  );
  return { session, heard };
}

export const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

export function shown(session: ChatSession) {
  return session.messages.map((message: ChatMessage) => [message.role, message.content, message.state]);
}
