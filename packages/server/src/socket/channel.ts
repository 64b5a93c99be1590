import { randomUUID } from 'node:crypto';
import { errorReasons } from '@parley/contract';
import {
  type Engine,
  type ErrorDetails,
  type LiveTurnRecorder,
  type LiveTurnState,
  originAllowed,
  ParleyError,
  type Principal,
  requireAppAccess,
  type SessionEvent,
  type TurnOutcome,
} from '@parley/engine';
import proxyAddress from 'proxy-addr';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { Server, Socket } from 'socket.io';
import type { z } from 'zod';
import { toParleyError } from '../http/error-response.js';
import { parseInput } from '../http/routes/define-route.js';
import type { Logger } from '../logger.js';
import type { FailedAuthenticationThrottle } from '../rate-limit/failed-authentication.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';
import { MessageBudget } from './message-budget.js';
import {
  chatPayload,
  configPayload,
  conversationPayload,
  executePayload,
  feedbackPayloadFor,
  resumePayload,
  sessionPayload,
} from './payloads.js';
import { type RunTurn, SocketTurnRunner } from './turn-runner.js';
import { widgetConfig } from './widget-config.js';

type Acknowledgement = ({ ok: true } & Record<string, unknown>) | Extract<TurnOutcome, { ok: false }>;

interface SocketData {
  credential: string;
}

export interface SocketChannelOptions {
  /** Express's compiled `trust proxy`: the visitor's address behind a reverse proxy, as over HTTP. */
  trustProxy?: (address: string, hop: number) => boolean;
  /** New connections one client IP may open per minute. */
  connectionsPerMinute?: number;
  /** Failed handshakes count with the failed HTTP authentications of the same client IP. */
  authThrottle?: FailedAuthenticationThrottle;
}

export interface SocketChannel {
  /** Aborts the socket turns still running and waits for them (on the server's stop). */
  close(): Promise<void>;
}

function parse<Schema extends z.ZodType>(schema: Schema, payload: unknown): z.output<Schema> {
  return parseInput(schema, payload, 'body') as z.output<Schema>;
}

/**
 * The credential as it stands now: a key deleted or a share revoked since the handshake is refused.
 * `check` is how the credential is looked up (the handshake's goes through the failed-attempt throttle).
 */
async function authenticate(
  engine: Engine,
  credential: unknown,
  origin: string | undefined,
  check: (credential: string) => Promise<Principal> = (value) => engine.authenticate(value),
) {
  if (typeof credential !== 'string') {
    throw new ParleyError('authentication_error', 'Missing API key', { hint: 'Connect with auth: {key}' });
  }
  const principal = await check(credential);
  if (!originAllowed(principal, origin)) {
    throw new ParleyError('permission_error', 'This key may not be used from this web origin', { origin });
  }
  return principal;
}

/** Live session events as the client hears them: `human_message`, `escalated`, `resolved`. */
function emitSessionEvent(socket: Socket, event: SessionEvent): void {
  if (event.type === 'message')
    socket.emit('human_message', { session_id: event.session_id, message: event.message });
  else
    socket.emit(event.type, {
      session_id: event.session_id,
      ...(event.type === 'escalated' ? { reason: event.reason } : {}),
    });
}

function alreadyAnswered(requestId: string): Extract<TurnOutcome, { ok: false }> {
  const details: ErrorDetails = {
    field: 'request_id',
    request_id: requestId,
    reason: errorReasons.requestAlreadyAnswered,
  };
  return {
    ok: false,
    error: {
      code: 'invalid_request',
      message: 'This request_id was answered already and its events are no longer kept; read the history',
      details,
    },
  };
}

interface FollowedTurn {
  detach(): void;
  /** Acknowledgements of sends waiting for the turn to end. */
  waiting: ((outcome: TurnOutcome) => void)[];
}

/**
 * The Socket.IO edge (docs/socket-protocol.md): authenticated by a publishable
 * key or share token in the handshake (`auth: {key}`), checked again on every
 * message. `execute` and `chat` run turns that outlive the socket and are kept
 * in the engine's live-turn registry, so a client resumes an answer after a
 * reconnect and a message sent twice is answered once.
 */
export function attachSocketChannel(
  io: Server,
  engine: Engine,
  limiter: RateLimiter,
  logger: Logger,
  options: SocketChannelOptions = {},
): SocketChannel {
  const runner = new SocketTurnRunner(logger);
  const trustProxy = options.trustProxy ?? (() => false);
  const clientIp = (socket: Socket) => proxyAddress(socket.request, trustProxy);
  const connections = new RateLimiterMemory({
    keyPrefix: 'socket-connections',
    points: options.connectionsPerMinute ?? 120,
    duration: 60,
  });

  io.use(async (socket, next) => {
    try {
      const admitted = await connections.consume(clientIp(socket)).then(
        () => true,
        () => false,
      );
      if (!admitted) throw new ParleyError('rate_limited', 'Too many connections from this address');
      const credential: unknown = socket.handshake.auth?.key;
      const throttle = options.authThrottle;
      const address = clientIp(socket);
      await authenticate(
        engine,
        credential,
        socket.handshake.headers.origin,
        throttle ? (value) => throttle.authenticate(engine, value, address) : undefined,
      );
      (socket.data as SocketData).credential = credential as string;
      next();
    } catch (error) {
      const failure = toParleyError(error);
      next(Object.assign(new Error(failure.message), { data: failure.toJSON().error }));
    }
  });

  io.on('connection', (socket) => {
    const { credential } = socket.data as SocketData;
    const followedSessions = new Map<string, () => void>();
    const followedTurns = new Map<string, FollowedTurn>();
    const budget = new MessageBudget();

    /** A credential deleted or revoked since: the socket hears nothing more and is closed. */
    const refuse = () => socket.disconnect(true);

    /** A session's live events, each only while the credential still stands. */
    const forwardSessionEvent = (event: SessionEvent) => {
      authenticate(engine, credential, socket.handshake.headers.origin).then(
        () => emitSessionEvent(socket, event),
        refuse,
      );
    };

    const followSession = (sessionId: string) => {
      if (followedSessions.has(sessionId)) return;
      followedSessions.set(sessionId, engine.sessions.follow(sessionId, forwardSessionEvent));
    };

    /**
     * Sends this socket a turn's events from `fromSeq` on, then the live ones; `whenDone` hears how
     * it ended. Following a turn again replaces the earlier replay, so no event arrives twice live.
     */
    const followTurn = (
      owner: string,
      requestId: string,
      fromSeq: number,
      whenDone?: (outcome: TurnOutcome) => void,
    ): LiveTurnState => {
      const previous = followedTurns.get(requestId);
      const waiting = [...(previous?.waiting ?? []), ...(whenDone ? [whenDone] : [])];
      const attachment = engine.liveTurns.attach(owner, requestId, fromSeq, {
        event: ({ seq, event }) => {
          // A listener that threw would stop the turn for everyone following it.
          try {
            if (event.type === 'start' && event.session_id) followSession(event.session_id);
            const { type, ...data } = event;
            socket.emit(type, { ...data, request_id: requestId, seq });
          } catch (error) {
            logger.error({ err: error }, 'could not send a turn event');
          }
        },
        end: (outcome) => {
          followedTurns.delete(requestId);
          for (const acknowledge of waiting) acknowledge(outcome);
        },
      });
      if (attachment.state === 'unknown') {
        // Not kept back to fromSeq: an earlier follow of this socket, if any, goes on as it was.
        if (previous && whenDone) {
          previous.waiting.push(whenDone);
          return 'live';
        }
        return 'unknown';
      }
      previous?.detach();
      if (attachment.state === 'live') followedTurns.set(requestId, { detach: attachment.detach, waiting });
      else followedTurns.delete(requestId);
      return attachment.state;
    };

    /** Counts a message that costs work against the key's plan and the visitor's IP, as an HTTP request is. */
    const meter = async (principal: Principal) => {
      const outcome = await limiter.check(principal, clientIp(socket));
      if (outcome.retryAfterSeconds !== null) {
        throw new ParleyError('rate_limited', 'Too many requests', {
          retry_after_seconds: outcome.retryAfterSeconds,
        });
      }
    };

    /**
     * Runs a turn once per credential and request id: a request id seen already replays that turn
     * (as `resume` from 0) instead. Acknowledged when the turn ends.
     */
    const sendTurn = async (
      principal: Principal,
      requestId: string,
      turn: RunTurn,
    ): Promise<Acknowledgement> => {
      let recorder: LiveTurnRecorder | null = null;
      if (engine.liveTurns.state(principal.id, requestId) === 'unknown') {
        await meter(principal);
        recorder = engine.liveTurns.begin(principal.id, requestId);
      }
      return new Promise((resolve) => {
        const state = followTurn(principal.id, requestId, 0, resolve);
        if (recorder) runner.run(recorder, turn);
        else if (state === 'unknown') resolve(alreadyAnswered(requestId));
      });
    };

    /** A client message: validated by its handler, answered by the acknowledgement, never thrown. */
    const listen = (
      event: string,
      handle: (payload: unknown, principal: Principal) => Promise<Acknowledgement>,
    ) => {
      socket.on(event, async (...parts: unknown[]) => {
        // Socket.IO passes the acknowledgement last, after the payload if there is one.
        const acknowledge = parts.at(-1);
        const payload = typeof parts[0] === 'function' ? undefined : parts[0];
        let acknowledgement: Acknowledgement;
        let refused = false;
        try {
          budget.spend();
          const principal = await authenticate(engine, credential, socket.handshake.headers.origin).catch(
            (error: unknown) => {
              refused = true;
              throw error;
            },
          );
          acknowledgement = await handle(payload, principal);
        } catch (error) {
          const failure = toParleyError(error);
          if (failure.code === 'internal_error') logger.error({ err: error, event }, 'socket message failed');
          acknowledgement = { ok: false, error: failure.toJSON().error };
        }
        if (typeof acknowledge === 'function') acknowledge(acknowledgement);
        // The key or share link is gone (or the origin no longer allowed): nothing more on this socket.
        if (refused) setImmediate(refuse);
      });
    };

    // It renders the greeting with the visitor's metadata: a request like any other.
    listen('config', async (payload, principal) => {
      const request = parse(configPayload, payload);
      await meter(principal);
      return { ok: true, config: await widgetConfig(engine, principal, request) };
    });

    listen('execute', async (payload, principal) => {
      const { app_id: appId, request_id: requestId, ...input } = parse(executePayload, payload);
      requireAppAccess(principal, appId);
      return sendTurn(principal, requestId ?? randomUUID(), (options) =>
        engine.execute(appId, input, options, principal),
      );
    });

    listen('chat', async (payload, principal) => {
      const { agent_id: agentId, request_id: requestId, ...question } = parse(chatPayload, payload);
      await engine.agents.checkAccess(principal, agentId);
      return sendTurn(principal, requestId ?? randomUUID(), (options) =>
        engine.agents.chat(agentId, question, principal, options),
      );
    });

    listen('resume', async (payload, principal) => {
      const { request_id: requestId, from_seq: fromSeq } = parse(resumePayload, payload);
      return { ok: true, state: followTurn(principal.id, requestId, fromSeq) };
    });

    listen('history', async (payload, principal) => {
      const { app_id: appId, session_id: sessionId } = parse(sessionPayload, payload);
      requireAppAccess(principal, appId);
      return { ok: true, history: await engine.sessions.history(appId, sessionId, principal) };
    });

    listen('conversation', async (payload, principal) => {
      const { agent_id: agentId, conversation_id: conversationId } = parse(conversationPayload, payload);
      await engine.agents.checkAccess(principal, agentId);
      return { ok: true, conversation: await engine.conversations.get(agentId, conversationId, principal) };
    });

    /** Thumbs on an answer: of a session (the app's widget), or of an agent's conversation (the share page). */
    listen('feedback', async (payload, principal) => {
      const input = parse(feedbackPayloadFor(payload), payload);
      if ('agent_id' in input) {
        const {
          agent_id: agentId,
          conversation_id: conversationId,
          message_id: messageId,
          ...rating
        } = input;
        // Whoever may continue the conversation may rate its answers.
        await engine.agents.checkAccess(principal, agentId);
        return {
          ok: true,
          feedback: await engine.conversations.rate(agentId, conversationId, messageId, rating, principal),
        };
      }
      const { app_id: appId, session_id: sessionId, message_id: messageId, ...rating } = input;
      requireAppAccess(principal, appId);
      return {
        ok: true,
        feedback: await engine.sessions.rate(appId, sessionId, messageId, rating, principal),
      };
    });

    /** The user asks for a person (the widget's button). */
    listen('escalate', async (payload, principal) => {
      const { app_id: appId, session_id: sessionId } = parse(sessionPayload, payload);
      requireAppAccess(principal, appId);
      await engine.sessions.check(appId, sessionId, principal);
      followSession(sessionId);
      await engine.sessions.escalate(appId, sessionId, principal);
      return { ok: true };
    });

    /** Follow a session's live events (a person's answers, escalation, resolve), e.g. after a reload. */
    listen('subscribe', async (payload, principal) => {
      const { app_id: appId, session_id: sessionId } = parse(sessionPayload, payload);
      requireAppAccess(principal, appId);
      await engine.sessions.check(appId, sessionId, principal);
      followSession(sessionId);
      return { ok: true };
    });

    socket.on('disconnect', () => {
      // The turns go on (their answers are stored whole); only this socket stops hearing them.
      for (const followed of followedTurns.values()) followed.detach();
      followedTurns.clear();
      for (const unsubscribe of followedSessions.values()) unsubscribe();
      followedSessions.clear();
    });
  });

  return { close: () => runner.close() };
}
