import * as schemas from '@parley/contract/schemas';
import { publicOrigin } from '../console-request.js';
import { defineRoute } from './define-route.js';

const tag = 'Operators';

export const operatorRoutes = [
  defineRoute({
    method: 'get',
    path: '/v1/operators',
    operationId: 'listOperators',
    summary: 'List the console’s operators (the team)',
    tag,
    access: 'secret',
    query: schemas.listQuery,
    response: schemas.listOf(schemas.operator),
    handle: async ({ engine, query }) => engine.operators.list(query),
  }),
  defineRoute({
    method: 'post',
    path: '/v1/operators/invites',
    operationId: 'inviteOperator',
    summary: 'Invite someone to the console',
    description:
      'Answers the invite link, shown this once (only its hash is kept): it works once, for 7 days. Only owners ' +
      '(and secret keys) may invite an owner.',
    tag,
    access: 'secret',
    body: schemas.createInviteBody,
    response: schemas.createdInvite,
    successStatus: 201,
    handle: async ({ engine, body, principal, request }) => {
      const invite = await engine.operators.invite(body, principal);
      return {
        invite_url: `${publicOrigin(request)}/console/invite/${invite.token}`,
        email: invite.email,
        role: invite.role,
        expires_at: invite.expiresAt,
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/operators/invites',
    operationId: 'listInvites',
    summary: 'List the invites not yet accepted',
    description: 'Invites neither accepted nor expired, oldest first; their links are never shown again.',
    tag,
    access: 'secret',
    query: schemas.listQuery,
    response: schemas.listOf(schemas.pendingInvite),
    handle: async ({ engine, query }) => {
      const pending = await engine.operators.pendingInvites();
      return {
        data: pending.slice(0, query.limit),
        has_more: pending.length > query.limit,
        next_cursor: null,
      };
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/v1/operators/invites/:id',
    operationId: 'revokeInvite',
    summary: 'Withdraw an invite',
    description: 'Its link stops working at once. Only owners withdraw an invite to be an owner.',
    tag,
    access: 'secret',
    params: schemas.inviteIdPath,
    response: schemas.deleted,
    handle: async ({ engine, params, principal }) => engine.operators.revokeInvite(params.id, principal),
  }),
  defineRoute({
    method: 'patch',
    path: '/v1/operators/:id',
    operationId: 'updateOperator',
    summary: 'Change an operator’s role or name',
    description:
      'The new role applies to the operator’s next request. Only owners change owners or make them; the last owner ' +
      'cannot be demoted.',
    tag,
    access: 'secret',
    params: schemas.operatorPath,
    body: schemas.updateOperatorBody,
    response: schemas.operator,
    handle: async ({ engine, params, body, principal }) =>
      engine.operators.update(params.id, body, principal),
  }),
  defineRoute({
    method: 'delete',
    path: '/v1/operators/:id',
    operationId: 'deleteOperator',
    summary: 'Remove an operator',
    description: 'Every session of theirs ends at once. The last owner cannot be removed.',
    tag,
    access: 'secret',
    params: schemas.operatorPath,
    response: schemas.deleted,
    handle: async ({ engine, params, principal }) => engine.operators.delete(params.id, principal),
  }),
];
