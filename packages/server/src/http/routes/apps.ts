import * as schemas from '@parley/contract/schemas';
import { defineRoute } from './define-route.js';

const tag = 'Apps';

export const appRoutes = [
  defineRoute({
    method: 'get',
    path: '/v1/apps',
    operationId: 'listApps',
    summary: 'List apps',
    tag,
    access: 'secret',
    query: schemas.listQuery,
    response: schemas.listOf(schemas.app),
    handle: async ({ engine, query }) => engine.apps.list(query),
  }),
  defineRoute({
    method: 'post',
    path: '/v1/apps',
    operationId: 'createApp',
    summary: 'Create an app',
    description: 'An app groups agents; `routing: auto` lets Parley pick the agent for each turn.',
    tag,
    access: 'secret',
    body: schemas.createAppBody,
    response: schemas.app,
    successStatus: 201,
    handle: async ({ engine, body }) => engine.apps.create(body),
  }),
  defineRoute({
    method: 'get',
    path: '/v1/apps/:app_id',
    operationId: 'getApp',
    summary: 'Get an app',
    tag,
    access: 'secret',
    params: schemas.appPath,
    response: schemas.app,
    handle: async ({ engine, params }) => engine.apps.get(params.app_id),
  }),
  defineRoute({
    method: 'patch',
    path: '/v1/apps/:app_id',
    operationId: 'updateApp',
    summary: 'Update an app',
    tag,
    access: 'secret',
    params: schemas.appPath,
    body: schemas.updateAppBody,
    response: schemas.app,
    handle: async ({ engine, params, body }) => engine.apps.update(params.app_id, body),
  }),
  defineRoute({
    method: 'delete',
    path: '/v1/apps/:app_id',
    operationId: 'deleteApp',
    summary: 'Delete an app with its sessions',
    tag,
    access: 'secret',
    params: schemas.appPath,
    response: schemas.deleted,
    handle: async ({ engine, params }) => engine.apps.delete(params.app_id),
  }),
  defineRoute({
    method: 'post',
    path: '/v1/apps/:app_id/identity-secret',
    operationId: 'rotateAppIdentitySecret',
    summary: 'Make or replace the identity secret that signs user ids',
    description:
      "The site's backend signs each visitor's user id with it: `user_hash` = hex HMAC-SHA256 of `user_id` " +
      'with this secret. Shown this once; hashes made with a previous secret stop verifying at once.',
    tag,
    access: 'secret',
    params: schemas.appPath,
    response: schemas.appWithIdentitySecret,
    handle: async ({ engine, params }) => engine.apps.rotateIdentitySecret(params.app_id),
  }),
];
