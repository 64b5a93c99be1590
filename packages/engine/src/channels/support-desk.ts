import { ParleyError } from '../errors.js';
import type { JsonObject, SupportThreadRecord } from '../types.js';
import { toIso } from '../util/clock.js';
import { newId } from '../util/ids.js';
import type { ChannelPost } from './channel.js';
import { RecentIds } from './recent-ids.js';
import type { EscalationBrief, SupportServices, SupportTarget } from './support-services.js';

/** The brief as a support connector posts it, with the way into the console. */
export interface SupportThreadOpening extends EscalationBrief {
  /** The session in the console's inbox (on `PARLEY_PUBLIC_URL`), when the public URL is known. */
  console_url: string | null;
}

/** What a support thread shows: a person's answer, a notice, or what the visitor wrote meanwhile. */
export type SupportPost = ChannelPost | { kind: 'visitor'; text: string; author: string | null };

/** What a platform offers a support desk: threads in a channel, posts in them. */
export interface SupportConnector {
  /** The platform, as threads are recorded: `slack`. */
  readonly platform: string;
  /** Opens a thread in `channel` with the escalation's context; answers its key and where to post in it. */
  openThread(
    channel: string,
    opening: SupportThreadOpening,
  ): Promise<{ threadKey: string; address: JsonObject }>;
  /** Posts in a thread (a person's answer written in the console, a notice, the visitor's new message). */
  post(address: JsonObject, post: SupportPost): Promise<void>;
}

export interface SupportDeskOptions {
  engine: { support: SupportServices };
  connector: SupportConnector;
  /** The app's (or agent's) support channel on this platform (null: it has none, or it cannot be reached). */
  channelOf: (app: EscalationBrief['app']) => string | null | Promise<string | null>;
  /** The server's public URL, for the link to the console's inbox. */
  publicUrl?: string | null;
  onError?: (error: unknown, step: string) => void;
}

/** What came of a message written in a support channel. */
export type SupportReplyOutcome =
  /** It reached the visitor. */
  | 'sent'
  /** Not in a support thread (or said already): it reaches no one. */
  | 'ignored'
  /** The thread's session was handed back or has ended: it reaches no one, and the writer is told. */
  | 'closed';

export const supportNotices = {
  handedBack:
    'Handed back: the bot answers again. Write here only after the visitor asks for a person again.',
  escalatedAgain: 'The visitor asked for a person again.',
  closed: 'This conversation was handed back or has ended: your message did not reach the visitor.',
} as const;

/** How long a post to a support thread is remembered, so the nodes that all heard its event post it once. */
const postedDedupeMs = 60_000;
/** How long a message written in a support thread is remembered, so a platform's redelivery reaches the visitor once. */
const deliveryDedupeMs = 60 * 60_000;

/**
 * A support team answering from a chat platform's channel (Slack): each escalation of an app that
 * names a support channel opens a thread there with the context; what the team writes in that
 * thread reaches the visitor as a person's message (the console's own path, so the widget, Slack
 * and Teams all get it), and its hand-back resolves. Only the thread's own session is reached:
 * a message anywhere else in the channel reaches no one. The console's replies are posted in the
 * thread too. It listens to the engine's escalation, wherever the visitor writes from.
 */
export class SupportDesk {
  private readonly services: SupportServices;
  private readonly connector: SupportConnector;
  private readonly channelOf: SupportDeskOptions['channelOf'];
  private readonly publicUrl: string | null;
  private readonly onError: (error: unknown, step: string) => void;
  private readonly seen = new RecentIds(10_000);
  /** Threads being opened here: a reply written the moment a thread appears waits for its record. */
  private readonly opening = new Set<Promise<void>>();
  private stopFollowing: (() => void) | null = null;
  private stopFollowingChanges: (() => void) | null = null;

  constructor(options: SupportDeskOptions) {
    this.services = options.engine.support;
    this.connector = options.connector;
    this.channelOf = options.channelOf;
    this.publicUrl = options.publicUrl ? options.publicUrl.replace(/\/+$/, '') : null;
    this.onError = options.onError ?? (() => {});
  }

  get origin(): string {
    return `support:${this.connector.platform}`;
  }

  start(): void {
    if (this.stopFollowing) return;
    this.stopFollowing = this.services.followSessions((event) => {
      let work: Promise<void> | null = null;
      if (event.type === 'escalated') work = this.tracked(this.opened(event.session_id, event.reason));
      else if (event.type === 'resolved')
        work = this.postInThread(event.session_id, `resolved:${event.session_id}`, {
          kind: 'notice',
          text: supportNotices.handedBack,
          author: null,
        });
      else if (
        event.type === 'message' &&
        event.message.role === 'human_agent' &&
        event.origin !== this.origin
      )
        work = this.postInThread(event.session_id, `message:${event.message.id}`, {
          kind: 'human_agent',
          text: event.message.content,
          author: event.message.author,
        });
      work?.catch((error: unknown) => this.onError(error, 'post in the support channel'));
    });
    this.stopFollowingChanges = this.services.followChanges((change) => {
      this.forwardVisitor(change.session_id).catch((error: unknown) =>
        this.onError(error, "post the visitor's message in the support channel"),
      );
    });
  }

  stop(): void {
    this.stopFollowing?.();
    this.stopFollowing = null;
    this.stopFollowingChanges?.();
    this.stopFollowingChanges = null;
  }

  /** The session a support thread answers, if `threadKey` is one. */
  async threadOf(threadKey: string): Promise<{ session_id: string } | undefined> {
    return this.thread(threadKey);
  }

  /**
   * A person wrote in the support channel: it reaches the visitor when it is in a support thread
   * whose session is still escalated; once per `deliveryId`.
   */
  async reply(message: {
    threadKey: string;
    deliveryId: string;
    text: string;
    author: string | null;
    /** The writer's id on the platform (Slack's user id). */
    authorId?: string;
  }): Promise<SupportReplyOutcome> {
    const text = message.text.trim();
    if (text === '') return 'ignored';
    const thread = await this.thread(message.threadKey);
    if (!thread) return 'ignored';
    const delivery = `support:${this.connector.platform}:${message.deliveryId}`;
    if (!this.seen.add(delivery) || !(await this.services.firstSeen(delivery, deliveryDedupeMs)))
      return 'ignored';
    try {
      const person = message.authorId
        ? { id: `${this.connector.platform}:${message.authorId}`, name: message.author ?? message.authorId }
        : null;
      await this.services.reply(
        targetOf(thread),
        thread.session_id,
        { content: text, author: message.author },
        this.origin,
        person,
      );
      return 'sent';
    } catch (error) {
      if (error instanceof ParleyError && (error.code === 'invalid_request' || error.code === 'not_found'))
        return 'closed';
      throw error;
    }
  }

  /** The thread's *Hand back*: the session is resolved (the bot answers again). False when it is not a support thread. */
  async handBack(threadKey: string): Promise<boolean> {
    const thread = await this.thread(threadKey);
    if (!thread) return false;
    await this.services.resolve(targetOf(thread), thread.session_id);
    return true;
  }

  private async thread(threadKey: string) {
    if (this.opening.size > 0) await Promise.allSettled([...this.opening]);
    return this.services.threads.byKey(threadKey);
  }

  private tracked(work: Promise<void>): Promise<void> {
    this.opening.add(work);
    return work.finally(() => this.opening.delete(work));
  }

  /** An escalation: a thread with the context in the app's support channel, once across the nodes. */
  private async opened(sessionId: string, reason: string): Promise<void> {
    const brief = await this.services.brief(sessionId, reason);
    if (!brief) return;
    const channel = await this.channelOf(brief.app);
    if (!channel) return;
    await this.services.lock(`support-thread:${sessionId}`, async () => {
      if (
        !(await this.services.firstSeen(
          `support-opened:${this.connector.platform}:${sessionId}:${brief.escalated_at}`,
          postedDedupeMs,
        ))
      )
        return;
      const existing = await this.services.threads.bySession(sessionId);
      if (existing?.thread_key.startsWith(`${this.connector.platform}:${channel}:`)) {
        await this.connector.post(existing.address, {
          kind: 'notice',
          text: supportNotices.escalatedAgain,
          author: null,
        });
        return;
      }
      const agent = brief.app.kind === 'agent';
      const link: Record<string, string> = agent
        ? { agent: brief.app.id, conversation: sessionId }
        : { app: brief.app.id, session: sessionId };
      const opening: SupportThreadOpening = {
        ...brief,
        console_url: this.publicUrl ? `${this.publicUrl}/console/inbox?${new URLSearchParams(link)}` : null,
      };
      const { threadKey, address } = await this.connector.openThread(channel, opening);
      await this.services.threads.save({
        id: existing?.id ?? newId('spt'),
        app_id: agent ? '' : brief.app.id,
        ...(agent ? { agent_id: brief.app.id } : {}),
        session_id: sessionId,
        platform: this.connector.platform,
        thread_key: threadKey,
        address,
        shown_message_ids: brief.message_ids,
        created_at: toIso(this.services.now()),
      });
    });
  }

  /** What the visitor wrote after the thread opened is posted in it, so the team reads it where it answers. */
  private async forwardVisitor(sessionId: string): Promise<void> {
    const thread = await this.services.threads.bySession(sessionId);
    if (!thread || thread.platform !== this.connector.platform) return;
    // Handed back: the bot answers, and the thread is quiet.
    if (!(await this.services.escalated(sessionId))) return;
    const messages = await this.services.latestMessages(sessionId, 5);
    for (const message of messages) {
      if (message.role !== 'user' || message.content === '' || thread.shown_message_ids.includes(message.id))
        continue;
      await this.postInThread(sessionId, `visitor:${message.id}`, {
        kind: 'visitor',
        text: message.content,
        author: null,
      });
    }
  }

  /** Posts in the session's support thread, if it has one, once however many nodes heard the event. */
  private async postInThread(sessionId: string, postId: string, post: SupportPost): Promise<void> {
    const thread = await this.services.threads.bySession(sessionId);
    if (!thread || thread.platform !== this.connector.platform) return;
    if (!(await this.services.firstSeen(`support-posted:${thread.platform}:${postId}`, postedDedupeMs)))
      return;
    await this.connector.post(thread.address, post);
  }
}

function targetOf(thread: SupportThreadRecord): SupportTarget {
  return thread.agent_id ? { app_id: thread.app_id, agent_id: thread.agent_id } : { app_id: thread.app_id };
}
