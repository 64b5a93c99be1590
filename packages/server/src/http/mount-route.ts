import { type Engine, isSupportAgent, ParleyError, permissionDenied, requireSecret } from '@parley/engine';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { parseInput } from '../edge/parse-input.js';
import { alreadyAnswered, type ErrorFormat, type Route, type ServerServices } from './routes/define-route.js';

declare global {
  namespace Express {
    interface Locals {
      /** Set by a route that answers errors in another shape than the contract's. */
      errorFormat?: ErrorFormat;
    }
  }
}

export interface MountOptions {
  engine: Engine;
  services: ServerServices;
  authenticate: RequestHandler;
  rateLimit: RequestHandler;
  /** Runs after `rateLimit`, so a refused origin is counted and answered with `X-RateLimit-*`. */
  checkOrigin: RequestHandler;
  bodyLimitBytes: number;
}

function hasBody(request: Request): boolean {
  const length = request.get('content-length');
  return (length !== undefined && length !== '0') || request.get('transfer-encoding') !== undefined;
}

/** The JSON body; a body sent as anything but JSON is refused rather than ignored. */
function bodyOf(request: Request): unknown {
  if (request.body !== undefined) return request.body;
  if (hasBody(request)) {
    throw new ParleyError('invalid_request', 'Send the body as JSON with Content-Type: application/json', {
      field: 'Content-Type',
      problem: `got ${request.get('content-type') ?? 'none'}`,
    });
  }
  return {};
}

function abortWhenClientLeaves(response: Response): AbortSignal {
  const controller = new AbortController();
  response.on('close', () => {
    if (!response.writableFinished)
      controller.abort(new ParleyError('invalid_request', 'The client went away'));
  });
  return controller.signal;
}

/** A link's credential (`?key=`) as the bearer key, unless the request sends `Authorization` itself. */
function credentialFromQuery(request: Request, _response: Response, next: () => void) {
  const key = request.query.key;
  if (typeof key === 'string' && key !== '' && !request.get('authorization'))
    request.headers.authorization = `Bearer ${key}`;
  next();
}

/** Mounts a route: authenticate, count against the plan, parse and validate, then the handler. */
export function mountRoute(router: Router, route: Route, options: MountOptions): void {
  const steps: RequestHandler[] = [];
  const { errorFormat } = route;
  // First, so that a refused key or a rate limit is answered in the route's shape too.
  if (errorFormat) {
    steps.push(function useRouteErrorFormat(_request: Request, response: Response, next) {
      response.locals.errorFormat = errorFormat;
      next();
    });
  }
  if (route.credentialInQuery) steps.push(credentialFromQuery);
  if (route.access !== 'none') steps.push(options.authenticate, options.rateLimit, options.checkOrigin);
  if (route.body) steps.push(express.json({ limit: options.bodyLimitBytes, strict: true }));
  steps.push(async function handleRoute(request: Request, response: Response) {
    const principal = response.locals.principal;
    if (route.access === 'secret' || route.access === 'operator') requireSecret(principal);
    // A route open to all (`none`) has no principal to check.
    if (route.access !== 'operator' && route.access !== 'none' && isSupportAgent(principal))
      throw permissionDenied('Support staff may use the inbox and conversations only', { role: 'agent' });
    const params = parseInput(route.params, request.params, 'path');
    const query = parseInput(route.query, request.query, 'query');
    const multipart =
      route.acceptsMultipart === true && request.is('multipart/form-data') === 'multipart/form-data';
    const body = route.body && !multipart ? parseInput(route.body, bodyOf(request), 'body') : undefined;
    const result = await route.handle({
      params,
      query,
      body,
      principal,
      engine: options.engine,
      services: options.services,
      request,
      response,
      signal: abortWhenClientLeaves(response),
    });
    if (result === alreadyAnswered) return;
    response.status(route.successStatus ?? 200).json(result);
  });
  router[route.method](route.path, ...steps);
}
