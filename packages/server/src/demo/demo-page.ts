import path from 'node:path';
import express, { type Router } from 'express';
import { sendPage } from '../http/pages/render-page.js';
import { answerOrder } from './orders.js';

export interface DemoSettings {
  /** The sample website's files (`site/`). */
  directory: string;
  appId: string;
  publishableKey: string;
}

/**
 * The sample website at `/demo/`: its page names the demo app and the demo's
 * publishable key (a public value by design, bound to the demo app and origins),
 * and its order API answers the demo agent's `get_order_status` tool.
 */
export function demoRouter(settings: DemoSettings): Router {
  const router = express.Router();
  router.get('/', async (_request, response) => {
    await sendPage(response, path.join(settings.directory, 'index.html'), {
      PARLEY_DEMO_APP_ID: settings.appId,
      PARLEY_DEMO_KEY: settings.publishableKey,
    });
  });
  router.get('/api/orders/:order_id', answerOrder);
  router.use(express.static(settings.directory, { index: false }));
  return router;
}
