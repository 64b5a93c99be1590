import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ChannelHandler, feedbackThanks } from '@parley/engine';
import type { PlatformEndpoint, PlatformReceiver } from '@parley/receiver';
import {
  App,
  type Authorize,
  HTTPReceiver,
  type InstallationQuery,
  type InstallationStore,
  type Receiver,
  SocketModeReceiver,
} from '@slack/bolt';
import { isAssistantThread, suggestedPrompts, threadTitle } from './assistant-thread.js';
import { actionIds, decodeButtonValue, messageForPost, ratingOf } from './blocks.js';
import { type SlackEnvelope, type SlackMessageEvent, turnOf } from './inbound.js';
import { addressOf, conversationKeyOf, type SlackAddress } from './slack-address.js';
import { messageOf, type SlackConnector } from './slack-connector.js';
import type { SlackSupport } from './support.js';

export interface SlackAppOptions {
  connector: SlackConnector;
  bridge: ChannelHandler;
  /** HTTP mode: requests to the endpoint are verified with it (Bolt's `HTTPReceiver`). */
  signingSecret?: string;
  /** `xapp-…`: Socket Mode instead of HTTP (development without a public URL). */
  appToken?: string;
  /** The HTTP endpoint's path: events and interactivity both arrive there. */
  endpoint?: string;
  /** How long `stop` waits for answers under way. */
  drainTimeoutMs?: number;
  /** Support threads (an app's support channel): their messages go to the visitor, not to the bot. */
  support?: SlackSupport;
  /** "Add to Slack" for many workspaces (HTTP only): each event is answered with its workspace's token. */
  oauth?: SlackOAuthOptions;
}

export interface SlackOAuthOptions {
  clientId: string;
  clientSecret: string;
  /** Signs the `state` that ties Slack's redirect to the browser that started the install. */
  stateSecret: string;
  /** The bot scopes asked for (the manifest's). */
  scopes: string[];
  installationStore: InstallationStore & {
    deleteInstallation(query: InstallationQuery<boolean>): Promise<void>;
  };
  /** Slack's authorize page (a local fake in tests). */
  authorizeUrl?: string;
  /** The "Add to Slack" path (`/slack/install`) and the redirect Slack sends the browser back to. */
  installPath?: string;
  redirectUriPath?: string;
}

/**
 * Slack's inbound half: Bolt, its receiver, and the listeners that turn events and button
 * presses into bridge calls. Over HTTP it has one endpoint (events and interactivity), whose
 * raw bytes Bolt's signature check needs; in Socket Mode none. `stop` stops Socket Mode and
 * waits (bounded) for the answers under way.
 */
export interface SlackApp extends PlatformReceiver {
  readonly mode: 'http' | 'socket';
  readonly endpoint: string;
}

const ended = 'This conversation has ended. Write again to start a new one.';
const failed = 'Sorry, that did not work. Please try again.';

export function createSlackApp(options: SlackAppOptions): SlackApp {
  const { connector, bridge } = options;
  const logger = connector.boltLogger;
  const endpoint = options.endpoint ?? '/slack/events';
  const mode = options.appToken ? 'socket' : 'http';
  let httpReceiver: HTTPReceiver | null = null;
  let receiver: Receiver;
  const oauth = options.oauth;
  if (oauth && options.appToken) throw new Error('Slack OAuth installs need HTTP events, not Socket Mode');
  const installPath = oauth?.installPath ?? '/slack/install';
  const redirectUriPath = oauth?.redirectUriPath ?? '/slack/oauth_redirect';
  if (options.appToken) {
    const slackApiUrl = connector.clientOptions.slackApiUrl;
    receiver = new SocketModeReceiver({
      appToken: options.appToken,
      logger,
      installerOptions: { clientOptions: slackApiUrl ? { slackApiUrl } : {} },
    });
  } else {
    if (!options.signingSecret) throw new Error('Slack over HTTP needs a signing secret');
    const slackApiUrl = connector.clientOptions.slackApiUrl;
    httpReceiver = new HTTPReceiver({
      signingSecret: options.signingSecret,
      endpoints: [endpoint],
      logger,
      ...(oauth
        ? {
            clientId: oauth.clientId,
            clientSecret: oauth.clientSecret,
            stateSecret: oauth.stateSecret,
            scopes: oauth.scopes,
            installationStore: oauth.installationStore,
            installerOptions: {
              installPath,
              redirectUriPath,
              // `/slack/install` goes straight to Slack's authorize page (no page of ours in between).
              directInstall: true,
              ...(oauth.authorizeUrl ? { authorizationUrl: oauth.authorizeUrl } : {}),
              clientOptions: slackApiUrl ? { slackApiUrl } : {},
            },
          }
        : {}),
    });
    receiver = httpReceiver;
  }

  // Who the bot is comes from `auth.test`, asked in the background: an event is acknowledged without waiting for it.
  const authorize: Authorize<boolean> = async () => {
    const known = connector.identity.current;
    if (!known) void connector.identity.refresh();
    return {
      botToken: connector.botToken,
      botId: known?.botId,
      botUserId: known?.botUserId,
      teamId: known?.teamId,
    };
  };
  // With OAuth, Bolt's installer finds each event's workspace token in the installation store.
  const app = new App({
    receiver,
    ...(oauth ? {} : { authorize }),
    logger,
    clientOptions: connector.clientOptions,
  });

  const underWay = new Set<Promise<void>>();
  /** Events are acknowledged before the listeners run (Bolt's rule); the work goes on after the answer to Slack. */
  const inBackground = (work: Promise<void>) => {
    const running = work.catch((error: unknown) => logger.error(`Slack: ${messageOf(error)}`));
    underWay.add(running);
    running.finally(() => underWay.delete(running));
  };

  if (oauth) {
    // Uninstalled, or the bot's tokens revoked: the workspace is forgotten, answers stop there.
    const forget = async (body: {
      team_id?: string;
      enterprise_id?: string;
      is_enterprise_install?: boolean;
    }) => {
      await oauth.installationStore.deleteInstallation({
        teamId: body.team_id,
        enterpriseId: body.enterprise_id,
        isEnterpriseInstall: body.is_enterprise_install === true,
      } as InstallationQuery<boolean>);
      logger.info(
        `Slack: uninstalled from ${body.is_enterprise_install ? body.enterprise_id : body.team_id}`,
      );
    };
    app.event('app_uninstalled', async ({ body }) => {
      inBackground(forget(body as Parameters<typeof forget>[0]));
    });
    app.event('tokens_revoked', async ({ event, body }) => {
      if ((event.tokens.bot ?? []).length === 0) return;
      inBackground(forget(body as Parameters<typeof forget>[0]));
    });
  }

  const onMessage = async (event: SlackMessageEvent, envelope: SlackEnvelope, botUserId: string | null) => {
    if (options.support && (await options.support.handlesMessage(event, envelope, botUserId))) return;
    const turn = turnOf(event, envelope, botUserId);
    if (turn.kind === 'ignore') {
      logger.debug(`Slack: not answered (${turn.reason})`);
      return;
    }
    if (turn.kind === 'thread_reply' && !(await bridge.linkOf(turn.message.conversationKey))) return;
    const address = addressOf(turn.message.address);
    if (isAssistantThread(address) && !(await bridge.linkOf(turn.message.conversationKey))) {
      // The thread's first question names it in the assistant's history.
      void connector
        .assistantFor(address.team_id)
        .setTitle(address.channel, address.thread_ts ?? '', threadTitle(turn.message.text))
        .catch((error: unknown) => logger.debug(`Slack: no thread title (${messageOf(error)})`));
    }
    const profile = await connector.profileOf(address.team_id, turn.message.userId);
    const metadata = profile
      ? { ...turn.message.metadata, userProfile: { ...profile } }
      : turn.message.metadata;
    await bridge.receive({ ...turn.message, metadata });
  };

  for (const type of ['message', 'app_mention'] as const) {
    app.event(type, async ({ event, body, context }) => {
      const botUserId = context.botUserId ?? connector.identity.current?.botUserId ?? null;
      inBackground(onMessage(event as SlackMessageEvent, body as SlackEnvelope, botUserId));
    });
  }

  /** A new assistant thread (the split pane): the answering app's starter prompts are offered in it. */
  app.event('assistant_thread_started', async ({ event, body }) => {
    const thread = (event as { assistant_thread?: { channel_id?: string; thread_ts?: string } })
      .assistant_thread;
    const channel = thread?.channel_id;
    const threadTs = thread?.thread_ts;
    if (!channel || !threadTs) return;
    inBackground(
      (async () => {
        const teamId = (body as { team_id?: string }).team_id ?? '';
        // The workspace's app answers in the thread: its starter prompts are the ones offered.
        const conversationKey = conversationKeyOf({ team_id: teamId, channel, thread_ts: threadTs });
        const prompts = suggestedPrompts((await bridge.starterPrompts?.(conversationKey)) ?? []);
        if (prompts.length > 0)
          await connector.assistantFor(teamId).setSuggestedPrompts(channel, threadTs, prompts);
      })(),
    );
  });

  const onPress = async (actionId: string, rawValue: string | undefined, body: PressBody) => {
    const value = decodeButtonValue(rawValue);
    const channel = body.channel?.id ?? body.container?.channel_id;
    if (!value || !channel) return;
    const address: SlackAddress = {
      team_id: body.team?.id ?? '',
      channel,
      thread_ts: body.message?.thread_ts ?? body.container?.thread_ts ?? null,
    };
    const user = body.user.id;
    const conversationKey = conversationKeyOf(address);
    // The bridge acts only for the session of the conversation the button is in: a button's
    // value is the presser's to change, so a session id from elsewhere reaches nothing.
    try {
      if (actionId === actionIds.escalate) {
        const outcome = await bridge.escalate(conversationKey, value.session_id);
        if (outcome.status === 'escalated') {
          // Asked again: only the one who pressed is reminded; the thread keeps one notice.
          if (outcome.alreadyEscalated) await connector.tell(address, user, outcome.message);
          else
            await connector.postTo(
              address,
              messageForPost({ kind: 'notice', text: outcome.message, author: null }),
            );
          return;
        }
      } else if (value.message_id) {
        const rating =
          actionId === actionIds.feedback
            ? ratingOf(rawValue)
            : actionId === actionIds.feedbackUp
              ? 'up'
              : 'down';
        if (!rating) return;
        const outcome = await bridge.rate(conversationKey, value.session_id, value.message_id, rating);
        if (outcome.status === 'rated') {
          await connector.tell(address, user, feedbackThanks);
          return;
        }
      } else return;
    } catch (error) {
      const notFound = (error as { code?: unknown }).code === 'not_found';
      if (!notFound) logger.error(`Slack: a button press failed: ${messageOf(error)}`);
      await connector.tell(address, user, notFound ? ended : failed);
      return;
    }
    logger.debug('Slack: a button press names a session its conversation does not hold');
    await connector.tell(address, user, ended);
  };

  app.action({ type: 'block_actions', action_id: /^parley_/ }, async ({ ack, action, body }) => {
    await ack();
    const pressed = action as { action_id: string; value?: string };
    inBackground(onPress(pressed.action_id, pressed.value, body as unknown as PressBody));
  });

  options.support?.listen(app);

  app.error(async (error) => {
    logger.error(`Slack: ${messageOf(error)}`);
  });

  /**
   * The raw request, its body already read by the server within its limit (Bolt's own refusal
   * of a large body left the rest unread, so the connection's next request waited), handed to
   * Bolt, which checks its signature before anything else happens.
   */
  const handle = (request: IncomingMessage, response: ServerResponse, body: Buffer) => {
    const receiver = httpReceiver;
    if (!receiver) {
      response.writeHead(404).end();
      return;
    }
    Object.assign(request, { rawBody: body });
    try {
      receiver.requestListener(request, response);
    } catch {
      response.writeHead(404).end();
    }
  };

  return {
    mode,
    endpoint,
    endpoints:
      mode === 'http'
        ? [
            { method: 'POST', path: endpoint, body: 'raw', handle },
            ...(oauth
              ? ([installPath, redirectUriPath].map((path) => ({
                  method: 'GET',
                  path,
                  body: 'none',
                  handle,
                })) satisfies PlatformEndpoint[])
              : []),
          ]
        : [],
    async start() {
      if (!oauth) void connector.identity.refresh();
      if (mode === 'socket') await app.start();
    },
    async stop() {
      if (mode === 'socket') await app.stop().catch(() => {});
      await drain(underWay, options.drainTimeoutMs ?? 5_000);
    },
  };
}

/** The parts of a `block_actions` payload a button press needs. */
interface PressBody {
  user: { id: string };
  team?: { id?: string } | null;
  channel?: { id?: string };
  container?: { channel_id?: string; thread_ts?: string };
  message?: { ts?: string; thread_ts?: string };
}

async function drain(underWay: Set<Promise<void>>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (underWay.size > 0 && Date.now() < deadline) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
    });
    await Promise.race([Promise.allSettled([...underWay]), late]);
    clearTimeout(timer);
  }
}
