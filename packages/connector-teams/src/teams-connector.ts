import {
  type AnswerWriter,
  type ChannelConnector,
  type ChannelHandler,
  type ChannelPost,
  type ErrorCode,
  feedbackThanks,
  type JsonObject,
  ParleyError,
  unavailable,
} from '@parley/engine';
import {
  type Activity,
  CloudAdapter,
  type ConversationReference,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import { TeamsAnswerWriter, TeamsStreamWriter } from './answer-writer.js';
import { botAuthentication, type TeamsCredentials } from './bot-authentication.js';
import {
  fromTenant,
  isLoopbackServiceUrl,
  readActivity,
  referenceOf,
  type TeamsCardAction,
  type TeamsFeedback,
  type TeamsInstall,
  teamsChannel,
  tenantsOf,
} from './inbound-activity.js';
import { keepEntityProperties } from './keep-entity-properties.js';
import { greetingActivity, invokeResponseActivity, postActivity, textActivity } from './outbound-activity.js';

export interface TeamsConnectorOptions extends TeamsCredentials {
  /** The least time between two typing indicators of one answer (group chats and channels). */
  typingIntervalMs?: number;
  /** The least time between two streaming requests of one answer in a personal chat (Teams allows about one a second). */
  streamIntervalMs?: number;
  /** Called when work done after the request was answered fails (an answer, a post). */
  onError?: (error: unknown, step: string) => void;
  /** Why an activity was refused or ignored (for the server's log). */
  log?: TeamsLog;
}

/** A line for the server's log: `warn` for a refused request, `info` for an ignored activity. */
export type TeamsLog = (level: 'info' | 'warn', message: string, details: Record<string, unknown>) => void;

/** An HTTP request to the messaging endpoint, its JSON body already parsed. */
export interface TeamsHttpRequest {
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** What to answer the Bot Framework service. */
export interface TeamsHttpResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * How long a failed fetch of the Bot Framework's signing keys is remembered: requests meanwhile
 * are answered 503 with this `Retry-After` at once (the Bot Framework retries), so an outage of
 * the key endpoint costs one fetch per period, not one per request.
 */
const keysRetryAfterSeconds = 10;

/**
 * The Bot Framework's `CloudAdapter`, running an activity the server has already read
 * (with its body limit). `CloudAdapter.process` would want a framework's request and
 * response, and prints every refused token with `console.error`; here a refusal is a
 * 401 result, logged through the connector's `log`.
 */
class BotAdapter extends CloudAdapter {
  run(
    authorization: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authorization, activity, logic);
  }
}

/**
 * Microsoft Teams behind Parley's channel seam. Every `botbuilder` import of Parley
 * lives in this package: the Bot Framework SDK for JavaScript is archived upstream,
 * and moving to its successor (the Microsoft 365 Agents SDK) changes this package only.
 *
 * A request to the messaging endpoint is authenticated (when an app id is set), read
 * into an inbound turn or a button press, answered at once, and worked on afterwards:
 * answers and a person's replies are sent proactively to the stored conversation
 * reference (`continueConversationAsync`), so a slow model never holds the request.
 */
export class TeamsConnector implements ChannelConnector {
  readonly channel = teamsChannel;
  /** False when no app id is set: requests are not authenticated (local use only). */
  readonly authenticated: boolean;
  private readonly appId: string;
  private readonly adapter: BotAdapter;
  private readonly typingIntervalMs: number;
  private readonly streamIntervalMs: number;
  private readonly tenantId: string | undefined;
  private readonly onError: (error: unknown, step: string) => void;
  private readonly log: TeamsLog;
  private readonly inFlight = new Set<Promise<void>>();
  /** Until when (epoch ms) the signing keys are known to be unreachable. */
  private keysUnreachableUntil = 0;

  constructor(options: TeamsConnectorOptions = {}) {
    this.appId = options.appId?.trim() ?? '';
    this.authenticated = this.appId !== '';
    this.adapter = new BotAdapter(botAuthentication(options));
    keepEntityProperties();
    this.typingIntervalMs = options.typingIntervalMs ?? 3_000;
    this.streamIntervalMs = options.streamIntervalMs ?? 1_500;
    this.tenantId = options.tenantId?.trim() || undefined;
    this.onError = options.onError ?? (() => {});
    this.log = options.log ?? (() => {});
  }

  /**
   * Handles one request to the messaging endpoint: 401 without a valid Bot Framework
   * token (nothing else happens then), 400 for a body that is not an activity, else 200
   * once the activity is accepted (its answer follows). Without an app id, an activity
   * whose `serviceUrl` is not a loopback URL is refused (403): nothing vouches for it,
   * and replies would go there. With a tenant set, another tenant's activity is ignored.
   */
  async process(request: TeamsHttpRequest, handler: ChannelHandler): Promise<TeamsHttpResult> {
    const activity = request.body;
    if (typeof activity !== 'object' || activity === null || Array.isArray(activity))
      return refusal('invalid_request', 'The body must be a Bot Framework activity (a JSON object)');
    if (typeof (activity as { type?: unknown }).type !== 'string')
      return refusal('invalid_request', 'The activity has no type');
    const serviceUrl = (activity as { serviceUrl?: unknown }).serviceUrl;
    if (!this.authenticated && !isLoopbackServiceUrl(serviceUrl)) {
      this.log(
        'warn',
        'Teams activity refused: without MICROSOFT_APP_ID only a loopback serviceUrl (the Bot Framework Emulator) is accepted',
        { service_url: typeof serviceUrl === 'string' ? serviceUrl.slice(0, 200) : null },
      );
      return refusal(
        'permission_error',
        'Without authentication, only activities whose serviceUrl is a loopback URL are accepted',
      );
    }
    const authorization = headerValue(request.headers.authorization);
    if (this.authenticated && authorization !== '' && Date.now() < this.keysUnreachableUntil)
      return keysUnavailable(Math.ceil((this.keysUnreachableUntil - Date.now()) / 1000));
    try {
      const invokeResponse = await this.adapter.run(authorization, activity as Activity, async (context) =>
        this.onTurn(context, handler),
      );
      return invokeResponse ? { status: invokeResponse.status, body: invokeResponse.body } : { status: 200 };
    } catch (error) {
      if (isKeyFetchFailure(error)) {
        this.keysUnreachableUntil = Date.now() + keysRetryAfterSeconds * 1000;
        this.log('warn', 'Teams request deferred: the Bot Framework signing keys cannot be fetched', {
          reason: error instanceof Error ? error.message.slice(0, 200) : String(error),
          retry_after_seconds: keysRetryAfterSeconds,
        });
        return keysUnavailable(keysRetryAfterSeconds);
      }
      if (!isUnauthorized(error)) throw error;
      this.log('warn', 'Teams request refused: no valid Bot Framework token', {});
      return refusal('authentication_error', 'No valid Bot Framework token');
    }
  }

  /** A personal chat streams its answer (Teams streams only there); a group chat or channel gets it whole. */
  openAnswer(address: JsonObject): AnswerWriter {
    const reference = requireReference(address);
    const send = (activity: Partial<Activity>) => this.send(reference, activity);
    if (reference.conversation?.conversationType === 'personal')
      return new TeamsStreamWriter(send, this.streamIntervalMs);
    return new TeamsAnswerWriter(send, this.typingIntervalMs);
  }

  /** Posts on its own (a person's answer, a notice) as a new message of the conversation. */
  async post(address: JsonObject, post: ChannelPost): Promise<void> {
    const { activityId: _replyTo, ...reference } = requireReference(address);
    await this.send(reference, postActivity(post));
  }

  /** Resolves when the work started by earlier requests is done (before a stop). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async onTurn(context: TurnContext, handler: ChannelHandler): Promise<void> {
    if (!fromTenant(context.activity, this.tenantId)) {
      this.log('info', 'Teams activity ignored: it is not from the configured tenant', {
        tenant_ids: tenantsOf(context.activity),
      });
      return;
    }
    const inbound = readActivity(context.activity);
    if (inbound.kind === 'message') this.background(handler.receive(inbound.message), 'answer');
    else if (inbound.kind === 'action') this.background(this.act(inbound.action, handler), 'card action');
    else if (inbound.kind === 'installed') this.background(this.greet(inbound.install, handler), 'greeting');
    else if (inbound.kind === 'feedback') {
      // Teams waits for the invoke's answer: the feedback is stored first, then 200.
      await this.rate(inbound.feedback, handler);
      await context.sendActivity(invokeResponseActivity(200));
    }
  }

  /**
   * Teams' thumbs (and comment) on an answer: stored as that answer's feedback when the message it
   * names shows one of this conversation's recent answers (the bridge keeps them on the link).
   */
  private async rate(feedback: TeamsFeedback, handler: ChannelHandler): Promise<void> {
    if (!handler.ratePosted) return;
    try {
      const outcome = await handler.ratePosted(
        feedback.conversationKey,
        feedback.answerActivityId,
        feedback.rating,
        feedback.comment,
      );
      if (outcome.status === 'not_linked')
        this.log('info', 'Teams feedback ignored: it names no recent answer of its conversation', {
          activity_id: feedback.answerActivityId.slice(0, 200),
        });
    } catch (error) {
      // Teams shows its own error for a failed invoke; the answer may have gone with its session.
      this.onError(error, 'feedback');
    }
  }

  /** The bot was added to a personal chat: the app's greeting, its starter prompts as suggested actions. */
  private async greet(install: TeamsInstall, handler: ChannelHandler): Promise<void> {
    if (install.conversationType !== 'personal' || !handler.intro) return;
    const intro = await handler.intro(install.metadata);
    await this.send(requireReference(install.address), greetingActivity(intro, install.userId));
  }

  /** A card button: only for the session the conversation holds, so a forged payload reaches nothing else. */
  private async act(action: TeamsCardAction, handler: ChannelHandler): Promise<void> {
    const { parley_action: kind, session_id: sessionId, message_id: messageId } = action.data;
    const { conversationKey } = action;
    const reference = requireReference(action.address);
    // The bridge does nothing (`not_linked`) for another session: it is ignored here.
    if (kind === 'escalate') {
      const outcome = await handler.escalate(conversationKey, sessionId);
      if (outcome.status === 'escalated') await this.send(reference, textActivity(outcome.message));
      return;
    }
    const rating = kind === 'feedback_up' ? 'up' : 'down';
    const outcome = await handler.rate(conversationKey, sessionId, messageId, rating);
    if (outcome.status === 'rated') await this.send(reference, textActivity(feedbackThanks));
  }

  /** Sends to a conversation from outside a turn (Bot Framework proactive messaging); resolves with the new activity's id. */
  private async send(
    reference: Partial<ConversationReference>,
    activity: Partial<Activity>,
  ): Promise<string | undefined> {
    let id: string | undefined;
    await this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
      // The SDK gives the continuation a made-up id, which `sendActivity` would reply to:
      // reply to the reference's activity instead, or to none (a new message).
      context.activity.id = reference.activityId;
      id = (await context.sendActivity(activity))?.id;
    });
    return id;
  }

  private background(work: Promise<unknown>, step: string): void {
    const running = work.then(
      () => {},
      (error: unknown) => this.onError(error, step),
    );
    this.inFlight.add(running);
    void running.finally(() => this.inFlight.delete(running));
  }
}

function requireReference(address: JsonObject): Partial<ConversationReference> {
  const reference = referenceOf(address);
  if (!reference) throw new Error('The stored Teams address is not a conversation reference');
  return reference;
}

/** A refused request, with the API's status and error shape (`{ error: { code, message, details } }`). */
function refusal(code: ErrorCode, message: string): TeamsHttpResult {
  const error = new ParleyError(code, message);
  return { status: error.status, body: error.toJSON() };
}

/** 503 `unavailable` with `Retry-After`: the token cannot be checked now, nothing was done. */
function keysUnavailable(retryAfterSeconds: number): TeamsHttpResult {
  const error = unavailable('The Bot Framework signing keys', undefined, retryAfterSeconds);
  return {
    status: error.status,
    body: error.toJSON(),
    headers: { 'retry-after': String(retryAfterSeconds) },
  };
}

/**
 * The SDK could not fetch the signing keys: the network failed (node-fetch's `FetchError`), or
 * the key endpoint answered an error (its `AuthenticationError` "Failed to load …", status 500).
 */
function isKeyFetchFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'FetchError') return true;
  return /^Failed to load (openID config|Keys)/.test(error.message);
}

function headerValue(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/** The Bot Framework SDK's `AuthenticationError` (401), recognised by its status code. */
function isUnauthorized(error: unknown): boolean {
  return error instanceof Error && (error as { statusCode?: unknown }).statusCode === 401;
}
