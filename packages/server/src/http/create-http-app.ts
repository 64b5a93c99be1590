import { type Engine, ParleyError } from '@parley/engine';
import type { PlatformReceiver } from '@parley/receiver';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { PolicyFiles } from '../config.js';
import { type DemoSettings, demoRouter } from '../demo/index.js';
import type { FailedAuthenticationThrottle } from '../edge/rate-limits/failed-authentication.js';
import type { RateLimiter } from '../edge/rate-limits/plan-limit.js';
import type { Logger } from '../logger.js';
import { mountPlatformEndpoints } from '../platforms/mount-endpoints.js';
import type { Drain } from './drain.js';
import { authenticate, refuseForeignOrigin } from './middleware/authenticate/index.js';
import { cors } from './middleware/cors/index.js';
import { answerErrors } from './middleware/error-handler/index.js';
import { rateLimit } from './middleware/rate-limit/index.js';
import { mountRoute } from './mount-route.js';
import { buildOpenApiDocument } from './openapi.js';
import { consoleRouter } from './pages/console-assets.js';
import { embedPreviewRouter } from './pages/embed-preview.js';
import { policyPagesRouter } from './pages/policy-pages.js';
import { publicDirectory } from './pages/render-page.js';
import { sharePageRouter } from './pages/share-page.js';
import { widgetAssetsRouter } from './pages/widget-assets.js';
import { answerReadiness, type ReadinessCheck } from './readiness.js';
import type { Route, ServerServices } from './routes/define-route.js';
import { routes } from './routes/index.js';

export interface HttpAppOptions {
  engine: Engine;
  logger: Logger;
  bodyLimitBytes: number;
  trustProxy: string | false;
  publicUrl?: string;
  policyFiles?: PolicyFiles | undefined;
  demo?: DemoSettings;
  rateLimiter: RateLimiter;
  /** Failed authentications per client IP, for the API and the share page. */
  authThrottle: FailedAuthenticationThrottle;
  services: ServerServices;
  version: string;
  /** Chat platforms (Slack, Teams): their endpoints take the raw body. */
  platforms?: PlatformReceiver[];
  /** Dependencies `/readyz` asks besides the store (Redis when configured). */
  readinessChecks?: ReadinessCheck[];
  /** The node's stop: new requests answered 503 while those in flight finish. */
  drain?: Drain;
}

function pathDecodes(pathname: string): boolean {
  try {
    for (const segment of pathname.split('/')) decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

/** Runs one middleware to its `next`, as a promise. */
function runStep(step: RequestHandler, request: Request, response: Response): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: unknown) => (error ? reject(error) : resolve());
    Promise.resolve(step(request, response, done)).catch(reject);
  });
}

/** Segment by segment, a path matches a route's template (`:name` matches any one segment). */
function fitsTemplate(pathname: string, template: string): boolean {
  const segments = pathname.split('/');
  const expected = template.split('/');
  return (
    segments.length === expected.length &&
    expected.every((part, index) => part.startsWith(':') || part === segments[index])
  );
}

/** The route a request is meant for (its method and path), if any. */
function routeFor(method: string, pathname: string, routeList: readonly Route[]): Route | undefined {
  const routeMethod = method === 'HEAD' ? 'get' : method.toLowerCase();
  return routeList.find((route) => route.method === routeMethod && fitsTemplate(pathname, route.path));
}

/**
 * A /v1 path that is not valid percent-encoding answers 400 like any other mistake — after the key is
 * checked and counted (unless its route needs none), so the answer carries X-RateLimit-* like every
 * authenticated one, and in the
 * error shape of the route it was meant for (OpenAI's for the OpenAI-compatible routes).
 */
function refuseUndecodablePath(steps: RequestHandler[], routeList: readonly Route[]): RequestHandler {
  return async function checkPathEncoding(request: Request, response: Response, next: NextFunction) {
    if (pathDecodes(request.path)) return next();
    const route = routeFor(request.method, request.baseUrl + request.path, routeList);
    // In the error shape of the route it was meant for; a method no route of that path has gets the contract's.
    if (route?.errorFormat) response.locals.errorFormat = route.errorFormat;
    // A route that needs no key (an invite's token, a share link) is refused without asking for one.
    if (route?.access !== 'none') for (const step of steps) await runStep(step, request, response);
    throw new ParleyError('invalid_request', 'The request could not be read', {
      location: 'path',
      problem: 'the path is not valid percent-encoding',
    });
  };
}

function answerNoRoute(request: Request, response: Response): void {
  const failure = new ParleyError('not_found', `No route ${request.method} ${request.path}`, {
    method: request.method,
    path: request.path,
  });
  response.status(failure.status).json(failure.toJSON());
}

/** The HTTP edge: translates requests into engine calls and engine errors into the contract's shape. */
export function createHttpApp(options: HttpAppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy);
  app.set('query parser', 'simple');
  app.locals.publicUrl = options.publicUrl;
  if (options.drain) app.use(options.drain.middleware);

  const openApiDocument = buildOpenApiDocument(routes, options.version);
  app.get('/v1/openapi.json', (_request, response) => {
    response.json(openApiDocument);
  });
  app.get('/healthz', (_request, response) => {
    response.json({ status: 'ok', model: options.engine.model.name });
  });

  app.get('/readyz', answerReadiness(options.engine, options.readinessChecks ?? []));

  mountPlatformEndpoints(app, options.platforms ?? [], options.bodyLimitBytes);

  const api = express.Router();
  api.use(cors());
  const mountOptions = {
    engine: options.engine,
    services: options.services,
    authenticate: authenticate(options.engine, options.authThrottle),
    rateLimit: rateLimit(options.rateLimiter),
    checkOrigin: refuseForeignOrigin(),
    bodyLimitBytes: options.bodyLimitBytes,
  };
  // Before the routes: matching one decodes the path, and an undecodable one would be refused unauthenticated.
  api.use('/v1', refuseUndecodablePath([mountOptions.authenticate, mountOptions.rateLimit], routes));
  for (const route of routes) mountRoute(api, route, mountOptions);
  // An unknown /v1 route or method is an API call like any other: the key is checked and counted,
  // so its 404 carries X-RateLimit-* as every authenticated answer does.
  api.all(['/v1', '/v1/{*rest}'], mountOptions.authenticate, mountOptions.rateLimit, answerNoRoute);
  app.use(api);

  app.use('/assets', express.static(publicDirectory, { index: false, maxAge: '1h' }));
  app.use(widgetAssetsRouter());
  app.use(consoleRouter());
  app.use(sharePageRouter(options.engine, options.authThrottle));
  app.use(policyPagesRouter(options.policyFiles));
  app.use(embedPreviewRouter());
  if (options.demo) {
    app.use('/demo', demoRouter(options.demo));
    app.get('/', (_request, response) => {
      response.redirect('/demo/');
    });
  }

  app.use(answerNoRoute);

  app.use(answerErrors(options.logger));
  return app;
}
