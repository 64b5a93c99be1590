import * as schemas from '@parley/contract/schemas';
import { defineRoute } from './define-route.js';

const tag = 'Keys';

export const keyRoutes = [
  defineRoute({
    method: 'post',
    path: '/v1/keys',
    operationId: 'createKey',
    summary: 'Create an API key',
    description:
      'Secret keys (`sk_…`) reach everything. Publishable keys (`pk_…`) are bound to one app or agent and a ' +
      'list of web origins: exactly one of `app_id` or `agent_id`, and at least one entry in `allowed_origins`; ' +
      'secret keys take neither. Enterprise keys carry their own `rate_limit` (required); other plans may not. ' +
      'The key is shown once; only its hash is kept.',
    tag,
    access: 'secret',
    body: schemas.createKeyBody,
    response: schemas.createdKey,
    successStatus: 201,
    handle: async ({ engine, body }) => {
      const { key, secret } = await engine.keys.create(body);
      return { ...key, key: secret };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/keys',
    operationId: 'listKeys',
    summary: 'List API keys (masked)',
    tag,
    access: 'secret',
    query: schemas.listQuery,
    response: schemas.listOf(schemas.key),
    handle: async ({ engine, query }) => engine.keys.list(query),
  }),
  defineRoute({
    method: 'delete',
    path: '/v1/keys/:id',
    operationId: 'deleteKey',
    summary: 'Delete an API key',
    description: 'The last secret key cannot be deleted.',
    tag,
    access: 'secret',
    params: schemas.keyPath,
    response: schemas.deleted,
    handle: async ({ engine, params }) => engine.keys.delete(params.id),
  }),
];
