import { errorReasons } from '@parley/contract';
import {
  type Engine,
  type ErrorDetails,
  type LiveTurnRecorder,
  ParleyError,
  type Principal,
  type TurnOutcome,
} from '@parley/engine';
import type { Socket } from 'socket.io';
import { authenticateSocketCredential } from '../edge/authentication.js';
import { errorObjectOf } from '../edge/error-mapping.js';
import { MessageBudget } from '../edge/rate-limits/message-budget.js';
import type { RateLimiter } from '../edge/rate-limits/plan-limit.js';
import type { Logger } from '../logger.js';
import { FollowedSessions } from './followed-sessions.js';
import { FollowedTurns } from './followed-turns.js';
import type { Acknowledgement, SocketContext, SocketHandler } from './handlers/index.js';
import type { RunTurn, SocketTurnRunner } from './turn-runner.js';

export interface ConnectionServices {
  engine: Engine;
  limiter: RateLimiter;
  runner: SocketTurnRunner;
  logger: Logger;
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

/**
 * One connected socket: its credential is checked again on every message (a key deleted or a
 * share revoked since is refused and the socket closed), each message spends from its
 * `MessageBudget`, and it hears the turns and sessions it follows until it disconnects.
 *
 * What an idle socket holds is kept small, since a node holds thousands (docs/benchmarks.md,
 * "10,000 idle widget sockets"): one listener answers every client message by its name (rather than
 * a listener and a closure per name), and what it follows is made on its first follow.
 */
export class SocketConnection {
  private readonly budget = new MessageBudget();
  private followedSessions: FollowedSessions | null = null;
  private followedTurns: FollowedTurns | null = null;

  constructor(
    private readonly socket: Socket,
    private readonly credential: string,
    private readonly clientIp: string,
    private readonly services: ConnectionServices,
    handlers: ReadonlyMap<string, SocketHandler>,
  ) {
    socket.onAny((event: string, ...parts: unknown[]) => {
      const handle = handlers.get(event);
      if (handle) void this.answer(event, handle, parts);
    });
    socket.on('disconnect', () => {
      this.followedTurns?.stopAll();
      this.followedSessions?.stopAll();
    });
  }

  private get sessions(): FollowedSessions {
    this.followedSessions ??= new FollowedSessions(
      this.services.engine,
      this.socket,
      () => this.currentPrincipal(),
      () => this.refuse(),
    );
    return this.followedSessions;
  }

  private get turns(): FollowedTurns {
    this.followedTurns ??= new FollowedTurns(
      this.services.engine,
      this.socket,
      this.services.logger,
      (id, field) => this.sessions.follow(id, field),
    );
    return this.followedTurns;
  }

  /** Answers `event` with `handle`: validated by it, answered by the acknowledgement, never thrown. */
  private async answer(event: string, handle: SocketHandler, parts: unknown[]): Promise<void> {
    // Socket.IO passes the acknowledgement last, after the payload if there is one.
    const acknowledge = parts.at(-1);
    const payload = typeof parts[0] === 'function' ? undefined : parts[0];
    let acknowledgement: Acknowledgement;
    let refused = false;
    try {
      this.budget.spend();
      const principal = await this.currentPrincipal().catch((error: unknown) => {
        // A dependency away for now (503) is no refusal of the credential.
        refused = !(error instanceof ParleyError && error.code === 'unavailable');
        throw error;
      });
      acknowledgement = await handle(payload, this.contextFor(principal));
    } catch (error) {
      const failure = errorObjectOf(error);
      if (failure.code === 'internal_error')
        this.services.logger.error({ err: error, event }, 'socket message failed');
      acknowledgement = { ok: false, error: failure };
    }
    if (typeof acknowledge === 'function') acknowledge(acknowledgement);
    // The key or share link is gone (or the origin no longer allowed): nothing more on this socket.
    if (refused) setImmediate(() => this.refuse());
  }

  /** The credential as it stands now, from the origin the socket was opened from. */
  private currentPrincipal(): Promise<Principal> {
    return authenticateSocketCredential(this.credential, this.socket.handshake.headers.origin, {
      engine: this.services.engine,
    });
  }

  /** A credential deleted or revoked since: the socket hears nothing more and is closed. */
  private refuse(): void {
    this.socket.disconnect(true);
  }

  private contextFor(principal: Principal): SocketContext {
    const { engine, limiter } = this.services;
    return {
      engine,
      principal,
      meter: async () => {
        await limiter.enforce(principal, this.clientIp);
      },
      followSession: (sessionId) => this.sessions.follow(sessionId),
      tell: (event, data) => this.socket.emit(event, data),
      followConversation: (conversationId) => this.sessions.follow(conversationId, 'conversation_id'),
      followTurn: (requestId, fromSeq) => this.turns.follow(principal.id, requestId, fromSeq),
      sendTurn: (requestId, turn) => this.sendTurn(principal, requestId, turn),
    };
  }

  /**
   * Runs a turn once per credential and request id: a request id seen already replays that turn
   * (as `resume` from 0) instead. Acknowledged when the turn ends.
   */
  private async sendTurn(principal: Principal, requestId: string, turn: RunTurn): Promise<Acknowledgement> {
    const { engine, limiter, runner } = this.services;
    let recorder: LiveTurnRecorder | null = null;
    if ((await engine.liveTurns.state(principal.id, requestId)) === 'unknown') {
      await limiter.enforce(principal, this.clientIp);
      recorder = await engine.liveTurns.begin(principal.id, requestId);
    }
    return new Promise((resolve, reject) => {
      this.turns.follow(principal.id, requestId, 0, resolve).then(
        (state) => {
          if (recorder) runner.run(recorder, turn);
          else if (state === 'unknown') resolve(alreadyAnswered(requestId));
        },
        (error: unknown) => {
          // Begun but not followable (a shared log went away): the turn is not run, and says so.
          recorder?.finish({ ok: false, error: errorObjectOf(error) });
          reject(error);
        },
      );
    });
  }
}
