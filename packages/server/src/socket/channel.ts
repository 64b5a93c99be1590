import {
  type Engine,
  originAllowed,
  ParleyError,
  type Principal,
  requireAppAccess,
  type SessionEvent,
  sessionTopic,
} from '@parley/engine';
import type { Server, Socket } from 'socket.io';
import { z } from 'zod';
import { toParleyError } from '../http/error-response.js';
import { parseInput } from '../http/routes/define-route.js';
import { executeBody, identifier } from '../http/routes/schemas.js';
import type { Logger } from '../logger.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';

const executePayload = executeBody.extend({ app_id: identifier, request_id: z.string().max(100).optional() });
const sessionPayload = z.strictObject({ app_id: identifier, session_id: identifier });

/** Live session events as the client hears them: `human_message`, `escalated`, `resolved`. */
function forward(socket: Socket, event: SessionEvent): void {
  if (event.type === 'message')
    socket.emit('human_message', { session_id: event.session_id, message: event.message });
  else
    socket.emit(event.type, {
      session_id: event.session_id,
      ...(event.type === 'escalated' ? { reason: event.reason } : {}),
    });
}

interface SocketData {
  principal: Principal;
}

type Acknowledge = (
  answer: { ok: true } | { ok: false; error: ReturnType<ParleyError['toJSON']>['error'] },
) => void;

function clientIp(socket: Socket): string {
  return socket.handshake.address;
}

/**
 * The Socket.IO edge: authenticated by a key or share token in the handshake
 * (`auth: {key}`), with the publishable key's origins checked. An `execute`
 * message runs a turn and emits the same events as the SSE stream.
 */
export function attachSocketChannel(io: Server, engine: Engine, limiter: RateLimiter, logger: Logger): void {
  io.use(async (socket, next) => {
    try {
      const credential: unknown = socket.handshake.auth?.key;
      if (typeof credential !== 'string') {
        throw new ParleyError('authentication_error', 'Missing API key', {
          hint: 'Connect with auth: {key}',
        });
      }
      const principal = await engine.authenticate(credential);
      if (!originAllowed(principal, socket.handshake.headers.origin)) {
        throw new ParleyError('permission_error', 'This key may not be used from this web origin', {
          origin: socket.handshake.headers.origin,
        });
      }
      (socket.data as SocketData).principal = principal;
      next();
    } catch (error) {
      const failure = toParleyError(error);
      next(Object.assign(new Error(failure.message), { data: failure.toJSON().error }));
    }
  });

  io.on('connection', (socket) => {
    const turns = new Set<AbortController>();
    const following = new Map<string, () => void>();
    const follow = (sessionId: string) => {
      if (!following.has(sessionId)) {
        following.set(
          sessionId,
          engine.context.bus.subscribe(sessionTopic(sessionId), (event) => forward(socket, event)),
        );
      }
    };
    socket.on('disconnect', () => {
      for (const controller of turns)
        controller.abort(new ParleyError('invalid_request', 'The client went away'));
      for (const unsubscribe of following.values()) unsubscribe();
      following.clear();
    });

    /** A message naming a session of an app the credential may use: validated, checked, acknowledged. */
    const onSessionMessage = (event: string, act: (appId: string, sessionId: string) => Promise<void>) => {
      socket.on(event, async (payload: unknown, acknowledge?: Acknowledge) => {
        const answer: Acknowledge = typeof acknowledge === 'function' ? acknowledge : () => {};
        try {
          const { app_id: appId, session_id: sessionId } = parseInput(
            sessionPayload,
            payload,
            'body',
          ) as z.output<typeof sessionPayload>;
          requireAppAccess((socket.data as SocketData).principal, appId);
          await act(appId, sessionId);
          answer({ ok: true });
        } catch (error) {
          answer({ ok: false, error: toParleyError(error).toJSON().error });
        }
      });
    };

    /** Follow a session's live events (a person's answers, escalation, resolve), e.g. after a reload. */
    onSessionMessage('subscribe', async (appId, sessionId) => {
      await engine.sessions.history(appId, sessionId);
      follow(sessionId);
    });

    /** The user asks for a person (the widget's button). */
    onSessionMessage('escalate', async (appId, sessionId) => {
      follow(sessionId);
      await engine.sessions.escalate(appId, sessionId);
    });

    socket.on('execute', async (payload: unknown, acknowledge?: Acknowledge) => {
      const answer: Acknowledge = typeof acknowledge === 'function' ? acknowledge : () => {};
      const controller = new AbortController();
      turns.add(controller);
      let requestId: string | undefined;
      try {
        const { principal } = socket.data as SocketData;
        const {
          app_id: appId,
          request_id,
          ...input
        } = parseInput(executePayload, payload, 'body') as z.output<typeof executePayload>;
        requestId = request_id;
        requireAppAccess(principal, appId);
        const outcome = await limiter.check(principal, clientIp(socket));
        if (outcome.retryAfterSeconds !== null) {
          throw new ParleyError('rate_limited', 'Too many requests', {
            retry_after_seconds: outcome.retryAfterSeconds,
          });
        }
        await engine.execute(appId, input, {
          stream: true,
          signal: controller.signal,
          onEvent: (event) => {
            if (event.type === 'start' && event.session_id) follow(event.session_id);
            const { type, ...data } = event;
            socket.emit(type, { ...data, request_id: requestId });
          },
        });
        answer({ ok: true });
      } catch (error) {
        if (controller.signal.aborted) return;
        const failure = toParleyError(error);
        if (failure.code === 'internal_error') logger.error({ err: error }, 'socket execute failed');
        socket.emit('error', {
          error: { code: failure.code, message: failure.message },
          request_id: requestId,
        });
        answer({ ok: false, error: failure.toJSON().error });
      } finally {
        turns.delete(controller);
      }
    });
  });
}
