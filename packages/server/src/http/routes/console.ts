import * as schemas from '@parley/contract/schemas';
import { ParleyError, type Principal } from '@parley/engine';
import { checkConsoleRequest, consoleTokenOf } from '../console-request.js';
import { clearSessionCookie, setSessionCookie, withRetryAfter } from '../console-session-cookie.js';
import { defineRoute } from './define-route.js';

const tag = 'Console';

const csrfRefusal = 'permission_error: no `X-Parley-Console: 1`, or another web origin (CSRF)';

const consoleNote =
  ' Send `X-Parley-Console: 1` (and, from a browser, the server’s own `Origin`): it is refused otherwise.';

/** The operator behind a console session; a key without one is refused. */
function signedInOperator(principal: Principal) {
  if (principal.kind === 'secret' && principal.operator) return principal.operator;
  throw new ParleyError('permission_error', 'This call needs a console session (sign in first)', {
    reason: 'no_console_session',
  });
}

const wrongAdminKey = () =>
  new ParleyError(
    'authentication_error',
    'This is not the admin key: use the secret key printed at first start',
    {
      field: 'admin_key',
      reason: 'wrong_admin_key',
    },
  );

export const consoleRoutes = [
  defineRoute({
    method: 'get',
    path: '/v1/console/status',
    operationId: 'getConsoleStatus',
    summary: 'Whether the console waits for its first owner',
    tag,
    access: 'none',
    response: schemas.consoleStatus,
    handle: async ({ engine }) => ({ needs_owner: await engine.console.needsOwner() }),
  }),
  defineRoute({
    method: 'post',
    path: '/v1/console/setup',
    operationId: 'setUpConsole',
    summary: 'Create the first owner with the admin key',
    description:
      'The first visit of the console: the admin key (the secret key printed at first start) and the owner’s ' +
      'email, name and password. Answers the owner and sets the session cookie `parley_console`. Refused ' +
      '(403, `details.reason: "owner_exists"`) once any owner exists.' +
      consoleNote,
    tag,
    access: 'none',
    openRefusals: {
      '401': 'authentication_error: not the admin key (`details.field: "admin_key"`)',
      '403': `${csrfRefusal}, or an owner exists already (\`details.reason: "owner_exists"\`)`,
      '429': 'rate_limited: too many wrong keys from this address',
    },
    body: schemas.setupBody,
    response: schemas.signedIn,
    successStatus: 201,
    handle: async ({ engine, body, services, request, response }) => {
      checkConsoleRequest(request);
      if (!(await engine.console.needsOwner()))
        throw new ParleyError('permission_error', 'The console already has an owner: sign in instead', {
          reason: 'owner_exists',
        });
      const key = await withRetryAfter(
        response,
        services.console.checkKey(body.admin_key, request.ip).catch((error: unknown) => {
          if (error instanceof ParleyError && error.code === 'authentication_error') throw wrongAdminKey();
          throw error;
        }),
      );
      if (key.kind !== 'secret' || key.operator) throw wrongAdminKey();
      const session = await engine.console.setUp({
        email: body.email,
        password: body.password,
        name: body.name,
      });
      setSessionCookie(request, response, session);
      return { operator: session.operator };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/console/sign-in',
    operationId: 'signIn',
    summary: 'Sign in to the console with email and password',
    description:
      'Answers the operator and sets the session cookie `parley_console` (HttpOnly, SameSite=Strict, Secure over ' +
      'https): a new session every time, and the one the request carried ends. A wrong email and a wrong ' +
      'password answer the same 401. After 10 failures for one email (or 50 from one address) in 15 minutes, ' +
      '429 with `Retry-After`.' +
      consoleNote,
    tag,
    access: 'none',
    openRefusals: {
      '401': 'authentication_error: the email or the password is not right (the same answer for both)',
      '403': csrfRefusal,
      '429': 'rate_limited: too many failed sign-ins for this email or from this address; wait `Retry-After`',
    },
    body: schemas.signInBody,
    response: schemas.signedIn,
    handle: async ({ engine, body, services, request, response }) => {
      checkConsoleRequest(request);
      const session = await withRetryAfter(
        response,
        services.console.signInThrottle.attempt(body.email, request.ip, () =>
          engine.console.signIn(body.email, body.password),
        ),
      );
      const previous = consoleTokenOf(request);
      if (previous) await engine.console.signOut(previous);
      setSessionCookie(request, response, session);
      return { operator: session.operator };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/console/sign-out',
    operationId: 'signOut',
    summary: 'End this console session',
    description: 'Ends the session of the cookie and clears the cookie.' + consoleNote,
    tag,
    access: 'none',
    openRefusals: { '403': csrfRefusal },
    response: schemas.signedOut,
    handle: async ({ engine, request, response }) => {
      const token = consoleTokenOf(request);
      if (token) {
        checkConsoleRequest(request);
        await engine.console.signOut(token);
      }
      clearSessionCookie(request, response);
      return { signed_out: true };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/console/sign-out-everywhere',
    operationId: 'signOutEverywhere',
    summary: 'End every console session of the signed-in operator',
    description: 'Every device the operator is signed in on is signed out at once.' + consoleNote,
    tag,
    access: 'operator',
    response: schemas.signedOut,
    handle: async ({ engine, principal, request, response }) => {
      await engine.console.signOutEverywhere(signedInOperator(principal).id);
      clearSessionCookie(request, response);
      return { signed_out: true };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/console/me',
    operationId: 'getSignedInOperator',
    summary: 'The signed-in operator',
    tag,
    access: 'operator',
    response: schemas.signedIn,
    handle: async ({ engine, principal }) => {
      const operator = await engine.operators.get(signedInOperator(principal).id);
      if (!operator)
        throw new ParleyError('authentication_error', 'Your console session has ended: sign in again');
      return { operator };
    },
  }),
];
