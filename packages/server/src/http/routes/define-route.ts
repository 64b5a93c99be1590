import type { DeliveryRecord, Engine, ParleyError, Principal } from '@parley/engine';
import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { SignInThrottle } from '../../edge/rate-limits/sign-in.js';
import type { ChannelSource } from '../../platforms/channel-status.js';

export type HttpMethod = 'get' | 'post' | 'patch' | 'delete';

/**
 * Who may call a route. `secret`: secret keys only. `app`: also a publishable key of
 * that app. `agent`: also a publishable key of that agent (or of an app holding it)
 * and a share token of it. `operator`: a secret key, or a console operator of any role (support staff
 * included: the inbox and conversations); every other route refuses an `agent`-role operator. The
 * handler checks the scope; `none` needs no key.
 */
export type Access = 'secret' | 'operator' | 'app' | 'agent' | 'model' | 'none';

export const accessDescription: Record<Access, string> = {
  secret: 'secret key',
  operator: 'secret key, or a console operator of any role (support staff included)',
  app: 'secret key, or a publishable key of the app',
  agent: 'secret key, a publishable key of the agent or of an app holding it, or a share token of the agent',
  model:
    'secret key, or a publishable key or share token that may use the model (`GET /v1/models` lists them)',
  none: 'no key',
};

/** What routes need from the server beyond the engine. */
export interface ServerServices {
  /** Sends a webhook delivery at once and answers its updated record. */
  deliverNow(deliveryId: string): Promise<DeliveryRecord>;
  /** A problem with a webhook receiver URL, or null when it may be used. */
  checkWebhookUrl(url: string): string | null;
  /** Largest document upload, in bytes. */
  uploadLimitBytes: number;
  /** Slack and Teams as this server runs them. */
  channels: ChannelSource;
  /**
   * Calls `listener` when this node begins to stop; the returned function forgets it. For answers
   * that never end on their own, so that they do not hold the stop.
   */
  whenStopping(listener: () => void): () => void;
  /** The console's sign-in: the admin key check of the first visit (failures counted per IP) and the sign-in throttle. */
  console: {
    checkKey(credential: string, clientIp: string | undefined): Promise<Principal>;
    signInThrottle: SignInThrottle;
  };
}

export interface RouteInput<Params, Query, Body> {
  params: Params;
  query: Query;
  body: Body;
  principal: Principal;
  engine: Engine;
  services: ServerServices;
  request: Request;
  response: Response;
  /** Aborted when the client goes away before the answer is complete. */
  signal: AbortSignal;
}

/** Errors in another wire shape than the contract's (the OpenAI-compatible routes answer OpenAI's). */
export interface ErrorFormat {
  /** The error body, for the OpenAPI document. */
  schema: z.ZodType;
  body(failure: ParleyError): unknown;
}

/** Returned by a handler that wrote its own answer (an event stream). */
export const alreadyAnswered = Symbol('alreadyAnswered');

export interface Route {
  method: HttpMethod;
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  access: Access;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The success answer, for the OpenAPI document and the response tests. */
  response?: z.ZodType;
  successStatus?: number;
  /** Another answer the route may give instead of JSON (a file to save), for the OpenAPI document. */
  produces?: { contentType: string; description: string; schemaType?: 'string' | 'object' };
  /** Also takes `multipart/form-data`: then the body is not parsed and the handler reads the request. */
  acceptsMultipart?: boolean;
  /**
   * Also takes the key as `?key=` when no `Authorization` is sent (the header wins): for a browser's
   * `EventSource` and for a link opened in a new tab, which cannot send headers (publishable keys and
   * share tokens are public: they are in the page already). The origin is checked as for every call.
   */
  credentialInQuery?: boolean;
  /** Answers `text/event-stream` (always, or when the body asks for it). */
  streams?: 'always' | 'when-requested';
  /** What the event stream carries, when it is not the contract's turn events. */
  streamDescription?: string;
  /**
   * Refusals a route open to all (`access: 'none'`) still answers, for the OpenAPI document: the
   * console's sign-in answers 401 for a wrong password, 403 for a failed CSRF check, 429 when locked.
   */
  openRefusals?: Partial<Record<'401' | '403' | '429', string>>;
  /** Every error of the route, authentication and rate limits included, in this shape. */
  errorFormat?: ErrorFormat;
  handle(input: RouteInput<unknown, unknown, unknown>): Promise<unknown>;
}

/** Declares a route; the input types follow from its schemas. */
export function defineRoute<
  Params extends z.ZodType = z.ZodUndefined,
  Query extends z.ZodType = z.ZodUndefined,
  Body extends z.ZodType = z.ZodUndefined,
>(
  definition: Omit<Route, 'params' | 'query' | 'body' | 'handle'> & {
    params?: Params;
    query?: Query;
    body?: Body;
    handle(input: RouteInput<z.output<Params>, z.output<Query>, z.output<Body>>): Promise<unknown>;
  },
): Route {
  return definition as Route;
}
