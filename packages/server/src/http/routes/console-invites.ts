import * as schemas from '@parley/contract/schemas';
import { checkConsoleRequest } from '../console-request.js';
import { setSessionCookie } from '../console-session-cookie.js';
import { defineRoute } from './define-route.js';

const tag = 'Console';

const consoleNote =
  ' Send `X-Parley-Console: 1` (and, from a browser, the server’s own `Origin`): it is refused otherwise.';

const csrfRefusal = 'permission_error: no `X-Parley-Console: 1`, or another web origin (CSRF)';

/** The invite link's page: what it offers, and accepting it (which signs the new operator in). */
export const consoleInviteRoutes = [
  defineRoute({
    method: 'get',
    path: '/v1/console/invites/:token',
    operationId: 'getInvite',
    summary: 'What an invite link offers',
    description: 'The email and role of a usable invite; 404 once it is used or expired.',
    tag,
    access: 'none',
    params: schemas.invitePath,
    response: schemas.inviteDetails,
    handle: async ({ engine, params }) => engine.operators.describeInvite(params.token),
  }),
  defineRoute({
    method: 'post',
    path: '/v1/console/invites/:token',
    operationId: 'acceptInvite',
    summary: 'Accept an invite: choose a name and password, and sign in',
    description:
      'Makes the operator with the invite’s email and role, spends the invite and sets the session cookie.' +
      consoleNote,
    tag,
    access: 'none',
    openRefusals: { '403': csrfRefusal },
    params: schemas.invitePath,
    body: schemas.acceptInviteBody,
    response: schemas.signedIn,
    successStatus: 201,
    handle: async ({ engine, params, body, request, response }) => {
      checkConsoleRequest(request);
      const session = await engine.operators.acceptInvite(params.token, body);
      setSessionCookie(request, response, session);
      return { operator: session.operator };
    },
  }),
];
