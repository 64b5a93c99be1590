import * as schemas from '@parley/contract/schemas';
import { invalidRequest, presentDelivery } from '@parley/engine';
import { defineRoute, type ServerServices } from './define-route.js';

const tag = 'Webhooks';

function checkUrl(services: ServerServices, url: string | undefined): void {
  if (url === undefined) return;
  const problem = services.checkWebhookUrl(url);
  if (problem) throw invalidRequest('url', problem);
}

export const webhookRoutes = [
  defineRoute({
    method: 'post',
    path: '/v1/apps/:app_id/webhooks',
    operationId: 'createWebhook',
    summary: 'Subscribe a URL to events',
    description:
      'Events: `session.started`, `session.ended`, `conversation.escalated`, `message.created`. Each delivery is a ' +
      'POST of `{event, timestamp, data}` signed two ways with the secret. (1) `X-Parley-Signature`: hex ' +
      'HMAC-SHA256 of the raw body, with `X-Parley-Event-Id`; neither the id nor the time is signed. ' +
      '(2) Standard Webhooks: `webhook-id` (the event id, the same on every retry), `webhook-timestamp` (Unix ' +
      'seconds of the attempt) and `webhook-signature` = `v1,` + base64 HMAC-SHA256 of ' +
      '`<webhook-id>.<webhook-timestamp>.<body>`, keyed with the UTF-8 bytes of the secret as shown ' +
      '(`whsec_` included; a Standard Webhooks library takes `whsec_` + base64 of them). Verify (2) and refuse ' +
      'timestamps over 5 minutes old and ids already seen to stop replays. A secret of your own under 16 ' +
      'characters is taken with a `warnings` entry. Receivers on private or loopback addresses are refused ' +
      'unless `PARLEY_ALLOW_PRIVATE_URLS=1`.',
    tag,
    access: 'secret',
    params: schemas.appPath,
    body: schemas.createWebhookBody,
    response: schemas.webhookCreated,
    successStatus: 201,
    handle: async ({ engine, services, params, body }) => {
      checkUrl(services, body.url);
      return engine.webhooks.create(params.app_id, body);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/apps/:app_id/webhooks',
    operationId: 'listWebhooks',
    summary: 'List the webhooks of an app',
    tag,
    access: 'secret',
    params: schemas.appPath,
    query: schemas.listQuery,
    response: schemas.listOf(schemas.webhook),
    handle: async ({ engine, params, query }) => engine.webhooks.list(params.app_id, query),
  }),
  defineRoute({
    method: 'get',
    path: '/v1/apps/:app_id/webhooks/:webhook_id',
    operationId: 'getWebhook',
    summary: 'Get a webhook',
    tag,
    access: 'secret',
    params: schemas.webhookPath,
    response: schemas.webhook,
    handle: async ({ engine, params }) => engine.webhooks.get(params.app_id, params.webhook_id),
  }),
  defineRoute({
    method: 'patch',
    path: '/v1/apps/:app_id/webhooks/:webhook_id',
    operationId: 'updateWebhook',
    summary: 'Change the URL or the events of a webhook',
    tag,
    access: 'secret',
    params: schemas.webhookPath,
    body: schemas.updateWebhookBody,
    response: schemas.webhook,
    handle: async ({ engine, services, params, body }) => {
      checkUrl(services, body.url);
      return engine.webhooks.update(params.app_id, params.webhook_id, body);
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/v1/apps/:app_id/webhooks/:webhook_id',
    operationId: 'deleteWebhook',
    summary: 'Delete a webhook and its waiting deliveries',
    tag,
    access: 'secret',
    params: schemas.webhookPath,
    response: schemas.deleted,
    handle: async ({ engine, params }) => engine.webhooks.delete(params.app_id, params.webhook_id),
  }),
  defineRoute({
    method: 'post',
    path: '/v1/apps/:app_id/webhooks/:webhook_id/rotate-secret',
    operationId: 'rotateWebhookSecret',
    summary: 'Give a webhook a new signing secret',
    description: 'The new secret signs every delivery attempt from now on; it is shown this once.',
    tag,
    access: 'secret',
    params: schemas.webhookPath,
    response: schemas.webhookWithSecret,
    handle: async ({ engine, params }) => engine.webhooks.rotateSecret(params.app_id, params.webhook_id),
  }),
  defineRoute({
    method: 'post',
    path: '/v1/apps/:app_id/webhooks/:webhook_id/test',
    operationId: 'testWebhook',
    summary: 'Send a test delivery now',
    description: 'Sends a signed `webhook.test` event at once and answers the delivery with its attempt.',
    tag,
    access: 'secret',
    params: schemas.webhookPath,
    response: schemas.delivery,
    handle: async ({ engine, services, params }) => {
      const delivery = await engine.webhooks.createTestDelivery(params.app_id, params.webhook_id);
      return presentDelivery(await services.deliverNow(delivery.id));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/apps/:app_id/webhooks/:webhook_id/deliveries',
    operationId: 'listWebhookDeliveries',
    summary: 'List the deliveries of a webhook, newest first, with every attempt',
    tag,
    access: 'secret',
    params: schemas.webhookPath,
    query: schemas.listQuery,
    response: schemas.listOf(schemas.delivery),
    handle: async ({ engine, params, query }) =>
      engine.webhooks.deliveries(params.app_id, params.webhook_id, query),
  }),
  defineRoute({
    method: 'post',
    path: '/v1/apps/:app_id/webhooks/:webhook_id/deliveries/:delivery_id/retry',
    operationId: 'retryWebhookDelivery',
    summary: 'Send a delivery again now',
    description:
      'Sends the delivery at once, whatever its status or schedule (a failed one included), records the ' +
      'attempt beside the earlier ones and answers the delivery with every attempt. A delivery that gets ' +
      'through is `delivered`; one that fails again waits for its next retry (`pending`), unless it is ' +
      'older than the retry window (`failed`). If it is being sent already, answers that attempt.',
    tag,
    access: 'secret',
    params: schemas.deliveryPath,
    response: schemas.delivery,
    handle: async ({ engine, services, params }) => {
      const found = await engine.webhooks.delivery(params.app_id, params.webhook_id, params.delivery_id);
      return presentDelivery(await services.deliverNow(found.id));
    },
  }),
];
