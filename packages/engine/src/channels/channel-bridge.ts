import { renderTemplate } from '@parley/contract/template';
import { ParleyError } from '../errors.js';
import type { Citation, DoneEvent } from '../events.js';
import type { ExecuteResult } from '../services/execute.js';
import { sessionTemplateContext } from '../turns/session-thread.js';
import type { ChannelLinkRecord, JsonObject } from '../types.js';
import { toIso } from '../util/clock.js';
import { newId } from '../util/ids.js';
import type {
  AnswerWriter,
  ChannelCitation,
  ChannelConnector,
  ChannelHandler,
  ChannelIntro,
  EscalateOutcome,
  InboundMessage,
  RateOutcome,
  ReceiveOutcome,
} from './channel.js';
import type { ChannelServices } from './channel-services.js';
import { ProgressWriter } from './progress-writer.js';
import { RecentIds } from './recent-ids.js';

export interface ChannelBridgeOptions {
  /** The engine (or anything with its `channels` services): the bridge uses nothing else of it. */
  engine: { channels: ChannelServices };
  /** The Parley app whose agents answer this platform. */
  appId: string;
  connector: ChannelConnector;
  /** The least time between two progress updates of one answer (platform rate limits). */
  updateIntervalMs?: number;
  /** Called when a background step fails (a proactive post, an update). */
  onError?: (error: unknown, step: string) => void;
}

/** Said when the model or a tool failed: the user's message is kept, they may ask again. */
export const failureNotice = 'Sorry, I could not answer just now. Please try again in a moment.';
/** Deliveries remembered per conversation, for platforms that redeliver after a while. */
const rememberedDeliveries = 50;

export const resolvedNotice = 'The person from our team has finished; I will answer again from here.';

/** How long a post to a platform is remembered, so the nodes that all heard its event post it once. */
const postedDedupeMs = 60_000;

/** Answers remembered per conversation by their platform messages, for feedback that names one. */
const rememberedAnswers = 50;

/** The longest feedback comment kept from a platform (the API's own limit for a comment). */
const maxCommentLength = 2_000;

/** Said to whoever rated an answer. */
export const feedbackThanks = 'Thanks for the feedback.';

/**
 * Between a chat platform and the engine: a platform conversation becomes a
 * session (kept in `channel_links`), a message becomes a streamed turn written
 * back progressively, and a person's answers through the API are posted to the
 * conversation they belong to. Shared by every connector.
 */
export class ChannelBridge implements ChannelHandler {
  private readonly services: ChannelServices;
  private readonly appId: string;
  private readonly connector: ChannelConnector;
  private readonly updateIntervalMs: number;
  private readonly onError: (error: unknown, step: string) => void;
  private readonly seen = new RecentIds(10_000);
  private stopFollowing: (() => void) | null = null;

  constructor(options: ChannelBridgeOptions) {
    this.services = options.engine.channels;
    this.appId = options.appId;
    this.connector = options.connector;
    this.updateIntervalMs = options.updateIntervalMs ?? 1_000;
    this.onError = options.onError ?? (() => {});
  }

  /** Starts posting a person's answers (and the hand-back) to the platform. */
  start(): void {
    if (this.stopFollowing) return;
    this.stopFollowing = this.services.followSessions((event) => {
      // Only a person's answer and the hand-back reach the platform (no typing there).
      if (event.type !== 'message' && event.type !== 'resolved') return;
      const post =
        event.type === 'message'
          ? {
              kind: 'human_agent' as const,
              text: event.message.content,
              author: event.message.author,
            }
          : { kind: 'notice' as const, text: resolvedNotice, author: null };
      const postId =
        event.type === 'message' ? `message:${event.message.id}` : `resolved:${event.session_id}`;
      this.postToSession(event.session_id, postId, post).catch((error: unknown) =>
        this.onError(error, 'post to the platform'),
      );
    });
  }

  stop(): void {
    this.stopFollowing?.();
    this.stopFollowing = null;
  }

  /** The session of a platform conversation, if it has one. */
  async linkOf(conversationKey: string): Promise<ChannelLinkRecord | undefined> {
    return this.services.links.byConversation(conversationKey);
  }

  async starterPrompts(): Promise<string[]> {
    return this.services.starterPrompts(this.appId);
  }

  /**
   * Answers one platform message: at most once per `deliveryId`, streamed to the
   * connector's writer. Resolves when the answer is posted.
   */
  async receive(message: InboundMessage): Promise<ReceiveOutcome> {
    if (!this.seen.add(`${message.channel}:${message.deliveryId}`)) return 'duplicate';
    const text = message.text.trim();
    if (text === '') return 'empty';
    let link: ChannelLinkRecord | null;
    try {
      link = await this.claim(message);
    } catch (error) {
      this.onError(error, 'find the session');
      await this.connector
        .openAnswer(message.address)
        .fail(failureNotice)
        .catch((failure: unknown) => this.onError(failure, 'report a failure'));
      return 'answered';
    }
    if (!link) return 'duplicate';
    const writer = this.connector.openAnswer(message.address);
    await writer.working().catch((error: unknown) => this.onError(error, 'show that the agent works'));
    try {
      await this.answer(message, text, writer, link);
    } catch (error) {
      this.onError(error, 'answer');
      await writer.fail(failureNotice).catch((failure: unknown) => this.onError(failure, 'report a failure'));
    }
    return 'answered';
  }

  /**
   * The user asks for a person (a button): the same escalation and webhook as the widget's.
   * Only for the session the button's conversation holds: a session id from elsewhere reaches nothing.
   */
  async escalate(conversationKey: string, sessionId: string): Promise<EscalateOutcome> {
    if (!(await this.holds(conversationKey, sessionId))) return { status: 'not_linked' };
    const { response, alreadyEscalated } = await this.services.escalate(this.appId, sessionId);
    return { status: 'escalated', message: response.message, alreadyEscalated };
  }

  /** Thumbs up or down on an answer (with a comment), only in the session the conversation holds. */
  async rate(
    conversationKey: string,
    sessionId: string,
    messageId: string,
    rating: 'up' | 'down',
    comment?: string | null,
  ): Promise<RateOutcome> {
    if (!(await this.holds(conversationKey, sessionId))) return { status: 'not_linked' };
    const text = comment?.trim().slice(0, maxCommentLength) || null;
    await this.services.rate(this.appId, sessionId, messageId, { rating, comment: text });
    return { status: 'rated' };
  }

  /** Feedback naming the platform message that shows an answer: rated when this conversation posted it. */
  async ratePosted(
    conversationKey: string,
    postedId: string,
    rating: 'up' | 'down',
    comment?: string | null,
  ): Promise<RateOutcome> {
    const link = await this.linkOf(conversationKey);
    const answer = link?.recent_answers?.find((entry) => entry.posted_id === postedId);
    if (!link || !answer) return { status: 'not_linked' };
    return this.rate(conversationKey, link.session_id, answer.message_id, rating, comment);
  }

  /** The app's greeting (its `{{…}}` read from `metadata`, as a session's prompts would) and starter prompts. */
  async intro(metadata: JsonObject = {}): Promise<ChannelIntro> {
    const app = await this.services.appIntro(this.appId);
    const greeting = app.greeting
      ? renderTemplate(app.greeting, sessionTemplateContext({ metadata, user_id: null, id: null })).trim()
      : '';
    return { name: app.name, greeting: greeting || null, starterPrompts: app.starter_prompts };
  }

  /** Whether the platform conversation's session is this one (a button's value is the presser's to change). */
  private async holds(conversationKey: string, sessionId: string): Promise<boolean> {
    return (await this.linkOf(conversationKey))?.session_id === sessionId;
  }

  private async answer(
    message: InboundMessage,
    text: string,
    writer: AnswerWriter,
    claimed: ChannelLinkRecord,
  ): Promise<void> {
    const progress = new ProgressWriter(writer, this.updateIntervalMs, this.onError);
    const citations: ChannelCitation[] = [];
    // The turn's last event: the stored answer (null for a turn a person answers: nothing to rate).
    let done: DoneEvent | null = null;
    const runOn = async (link: ChannelLinkRecord): Promise<ExecuteResult> => {
      const turn = this.services.execute(this.appId, {
        message: text,
        metadata: message.metadata,
        user_id: message.userId,
        session_id: link.session_id,
      });
      let step = await turn.next();
      while (!step.done) {
        const event = step.value;
        if (event.type === 'token') progress.append(event.content);
        else if (event.type === 'tool_call') {
          if (event.status === 'started') progress.working(event.tool);
          progress.tool({ tool: event.tool, status: event.status });
        } else if (event.type === 'citation') citations.push(citationOf(event));
        else if (event.type === 'done') done = event;
        step = await turn.next();
      }
      return step.value;
    };
    let link = claimed;
    let result: ExecuteResult;
    try {
      result = await runOn(link);
    } catch (error) {
      // The linked session ended or expired: the conversation goes on in a new one.
      if (!(error instanceof ParleyError) || error.code !== 'not_found') throw error;
      link = (await this.claim(message, link)) as ChannelLinkRecord;
      result = await runOn(link);
    }
    await progress.settled();
    const finished = done as DoneEvent | null;
    const messageId = finished?.message_id ?? null;
    await writer.finish({
      text: result.response,
      citations,
      sessionId: link.session_id,
      messageId,
      escalated: finished?.escalated === true,
    });
    const postedIds = writer.postedIds?.() ?? [];
    if (messageId && postedIds.length > 0)
      await this.notePosted(message.conversationKey, link.session_id, postedIds, messageId).catch(
        (error: unknown) => this.onError(error, 'remember the posted answer'),
      );
  }

  /** Keeps which platform messages show the stored answer `messageId` on the conversation's link. */
  private notePosted(
    conversationKey: string,
    sessionId: string,
    postedIds: string[],
    messageId: string,
  ): Promise<void> {
    return this.services.lockLink(conversationKey, async () => {
      const link = await this.linkOf(conversationKey);
      if (!link || link.session_id !== sessionId) return;
      const kept = (link.recent_answers ?? []).filter((entry) => !postedIds.includes(entry.posted_id));
      const added = postedIds.map((postedId) => ({ posted_id: postedId, message_id: messageId }));
      await this.services.links.save({
        ...link,
        recent_answers: [...kept, ...added].slice(-rememberedAnswers),
        updated_at: this.now(),
      });
    });
  }

  /**
   * The link of the message's conversation, with the delivery recorded on it: found, or made
   * with a new session (also when the linked session is `stale`). Null when this delivery was
   * already answered here (a platform's retry, also across a restart).
   */
  private claim(message: InboundMessage, stale?: ChannelLinkRecord): Promise<ChannelLinkRecord | null> {
    return this.services.lockLink(message.conversationKey, async () => {
      const existing = await this.linkOf(message.conversationKey);
      const delivered = existing?.recent_delivery_ids ?? [];
      if (!stale && delivered.includes(message.deliveryId)) return null;
      const sessionId =
        existing && existing.session_id !== stale?.session_id
          ? existing.session_id
          : (
              await this.services.openSession(
                this.appId,
                { user_id: message.userId, metadata: message.metadata },
                // No publishable key or share link opened it: only secret keys reach it.
                `channel:${message.channel}`,
              )
            ).session_id;
      const now = this.now();
      const link: ChannelLinkRecord = {
        id: existing?.id ?? newId('chl'),
        channel: message.channel,
        app_id: this.appId,
        conversation_key: message.conversationKey,
        session_id: sessionId,
        address: message.address,
        recent_delivery_ids: stale
          ? delivered
          : [...delivered, message.deliveryId].slice(-rememberedDeliveries),
        // The answers posted so far stay rateable by their platform message (Teams' feedback names it)
        // while the session goes on; a new session starts with none.
        ...(existing?.recent_answers && existing.session_id === sessionId
          ? { recent_answers: existing.recent_answers }
          : {}),
        created_at: existing?.created_at ?? now,
        updated_at: now,
      };
      await this.services.links.save(link);
      return link;
    });
  }

  /** Posts once however many nodes heard the event (`postId` names it). */
  private async postToSession(
    sessionId: string,
    postId: string,
    post: { kind: 'human_agent' | 'notice'; text: string; author: string | null },
  ): Promise<void> {
    const link = await this.services.links.bySession(sessionId);
    if (!link || link.channel !== this.connector.channel || link.app_id !== this.appId) return;
    if (!(await this.services.firstSeen(`posted:${link.channel}:${postId}`, postedDedupeMs))) return;
    await this.connector.post(link.address, post);
  }

  private now(): string {
    return toIso(this.services.now());
  }
}

function citationOf(event: Citation): ChannelCitation {
  return {
    id: event.id,
    document_name: event.document_name,
    page_number: event.page_number,
    excerpt: event.excerpt,
  };
}
