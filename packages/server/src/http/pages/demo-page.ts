import path from 'node:path';
import express, { type Router } from 'express';
import { sendPage } from './render-page.js';

/** A made-up order of the demo shop, always the same for the same number. */
export function demoOrder(orderId: string) {
  const statuses = ['processing', 'shipped', 'out for delivery', 'delivered'] as const;
  const number = Number(orderId.slice(-4));
  const status = statuses[number % statuses.length] ?? 'processing';
  return {
    order_id: orderId,
    status,
    carrier: status === 'processing' ? null : 'Acme Express',
    estimated_delivery: status === 'delivered' ? null : 'in 2 business days',
    items: 1 + (number % 3),
  };
}

export interface DemoSettings {
  directory: string;
  appId: string;
  publishableKey: string;
}

/**
 * The sample website at `/demo/`: its page names the demo app and the demo's
 * publishable key (a public value by design, bound to the demo app and origins).
 */
export function demoRouter(settings: DemoSettings): Router {
  const router = express.Router();
  router.get('/', async (_request, response) => {
    await sendPage(response, path.join(settings.directory, 'index.html'), {
      PARLEY_DEMO_APP_ID: settings.appId,
      PARLEY_DEMO_KEY: settings.publishableKey,
    });
  });
  router.get('/api/orders/:order_id', (request, response) => {
    const orderId = request.params.order_id;
    if (!/^[0-9]{3,12}$/.test(orderId)) {
      response
        .status(404)
        .json({ error: { code: 'not_found', message: 'No such order', details: { order_id: orderId } } });
      return;
    }
    response.json(demoOrder(orderId));
  });
  router.use(express.static(settings.directory, { index: false }));
  return router;
}
