import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleRequest, createOperator, sessionCookieOf } from './support/console.js';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';

/** Issue 11, accounts: the first owner, invites, roles, sign out everywhere. */
describe('console accounts', () => {
  let harness: ParleyHarness;
  beforeAll(async () => {
    harness = await startParleyHarness({ model: 'offline' });
  });
  afterAll(async () => {
    await harness.stop();
  });

  const setup = (body: Record<string, unknown>) =>
    consoleRequest(harness.url, null, 'POST', '/v1/console/setup', body);

  it('asks for the admin key on the first visit: a wrong key is refused, the right one makes the owner, and never again', async () => {
    const status = await fetch(`${harness.url}/v1/console/status`);
    expect(await status.json()).toEqual({ needs_owner: true });

    const owner = { email: 'Owner@Example.com', name: 'Olga Owner', password: 'correct horse battery' };
    const wrong = await setup({ ...owner, admin_key: 'sk_not_the_admin_key_at_all' });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: { details: { field: string } } }).error.details.field).toBe(
      'admin_key',
    );
    expect(sessionCookieOf(wrong)).toBeNull();

    const right = await setup({ ...owner, admin_key: harness.adminKey });
    expect(right.status).toBe(201);
    const { operator } = (await right.json()) as { operator: Record<string, unknown> };
    expect(operator).toMatchObject({ email: 'Owner@Example.com', name: 'Olga Owner', role: 'owner' });
    expect(String(operator.id)).toMatch(/^op_/);
    const cookie = sessionCookieOf(right);
    expect(cookie).toBeTruthy();
    const header = right.headers.getSetCookie().join('\n');
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Strict/);
    expect(header).toMatch(/Path=\//);
    expect(header).not.toMatch(/Secure/); // plain http here

    const me = await consoleRequest(harness.url, cookie, 'GET', '/v1/console/me');
    expect(((await me.json()) as { operator: { role: string } }).operator.role).toBe('owner');

    expect(await (await fetch(`${harness.url}/v1/console/status`)).json()).toEqual({ needs_owner: false });
    const again = await setup({ ...owner, email: 'second@example.com', admin_key: harness.adminKey });
    expect(again.status).toBe(403);
    expect(((await again.json()) as { error: { details: { reason: string } } }).error.details.reason).toBe(
      'owner_exists',
    );
  });

  it('signs in with email in any case, and answers a wrong password and an unknown email alike', async () => {
    const signIn = (email: string, password: string) =>
      consoleRequest(harness.url, null, 'POST', '/v1/console/sign-in', { email, password });
    const good = await signIn('OWNER@example.COM', 'correct horse battery');
    expect(good.status).toBe(200);
    expect(sessionCookieOf(good)).toBeTruthy();
    const wrongPassword = await signIn('owner@example.com', 'not the password');
    const unknownEmail = await signIn('nobody@example.com', 'not the password');
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    expect(await wrongPassword.json()).toEqual(await unknownEmail.json());
  });

  it('invites a colleague with a link that works once, and the new operator is signed in', async () => {
    const invited = await harness.request('POST', '/v1/operators/invites', {
      email: 'ada@example.com',
      role: 'admin',
    });
    expect(invited.status).toBe(201);
    const invite = (await invited.json()) as { invite_url: string; role: string; expires_at: string };
    expect(invite.invite_url).toMatch(new RegExp(`^${harness.url}/console/invite/inv_`));
    const token = invite.invite_url.split('/').pop() as string;

    const details = await fetch(`${harness.url}/v1/console/invites/${token}`);
    expect(await details.json()).toMatchObject({ email: 'ada@example.com', role: 'admin' });

    const accept = (password: string) =>
      consoleRequest(harness.url, null, 'POST', `/v1/console/invites/${token}`, { name: 'Ada', password });
    const short = await accept('short');
    expect(short.status).toBe(400);
    const accepted = await accept('a long enough password');
    expect(accepted.status).toBe(201);
    const cookie = sessionCookieOf(accepted);
    const me = await consoleRequest(harness.url, cookie, 'GET', '/v1/console/me');
    expect(await me.json()).toMatchObject({
      operator: { email: 'ada@example.com', role: 'admin', name: 'Ada' },
    });

    expect((await accept('a long enough password')).status).toBe(404);
    expect((await fetch(`${harness.url}/v1/console/invites/${token}`)).status).toBe(404);

    const team = await consoleRequest(harness.url, cookie, 'GET', '/v1/operators');
    const emails = ((await team.json()) as { data: { email: string }[] }).data.map((member) => member.email);
    expect(emails).toEqual(['Owner@Example.com', 'ada@example.com']);
  });

  it('lists the invites not yet accepted, and a withdrawn invite link stops working', async () => {
    const invited = await harness.request('POST', '/v1/operators/invites', {
      email: 'lee@example.com',
      role: 'agent',
    });
    const token = ((await invited.json()) as { invite_url: string }).invite_url.split('/').pop() as string;
    const listed = await harness.request('GET', '/v1/operators/invites');
    const pending = ((await listed.json()) as { data: { id: string; email: string; role: string }[] }).data;
    const lee = pending.find((invite) => invite.email === 'lee@example.com');
    expect(lee).toMatchObject({ role: 'agent' });
    expect(JSON.stringify(pending)).not.toContain(token);
    expect(pending.map((invite) => invite.email)).not.toContain('ada@example.com'); // accepted already

    const withdrawn = await harness.request('DELETE', `/v1/operators/invites/${lee?.id}`);
    expect(await withdrawn.json()).toEqual({ id: lee?.id, deleted: true });
    expect((await fetch(`${harness.url}/v1/console/invites/${token}`)).status).toBe(404);
  });

  it('refuses an agent-role operator keys, webhooks and agents (403), but lets it read its own account', async () => {
    const agent = await createOperator(harness, { role: 'agent' });
    for (const [method, pathname] of [
      ['GET', '/v1/keys'],
      ['POST', '/v1/keys'],
      ['GET', '/v1/agents'],
      ['POST', '/v1/agents'],
      ['GET', `/v1/apps/${harness.running.demo.appId}/webhooks`],
      ['GET', '/v1/operators'],
      ['POST', '/v1/operators/invites'],
    ] as const) {
      const answer = await consoleRequest(
        harness.url,
        agent.cookie,
        method,
        pathname,
        method === 'POST' ? {} : undefined,
      );
      expect(answer.status, `${method} ${pathname}`).toBe(403);
    }
    const me = await consoleRequest(harness.url, agent.cookie, 'GET', '/v1/console/me');
    expect(me.status).toBe(200);
  });

  it('gives a demoted operator the new role at once, and a removed one no access at all', async () => {
    const admin = await createOperator(harness, { role: 'admin' });
    expect((await consoleRequest(harness.url, admin.cookie, 'GET', '/v1/keys')).status).toBe(200);
    const demoted = await harness.request('PATCH', `/v1/operators/${admin.id}`, { role: 'agent' });
    expect(await demoted.json()).toMatchObject({ role: 'agent' });
    expect((await consoleRequest(harness.url, admin.cookie, 'GET', '/v1/keys')).status).toBe(403);

    const removed = await harness.request('DELETE', `/v1/operators/${admin.id}`);
    expect(await removed.json()).toEqual({ id: admin.id, deleted: true });
    expect((await consoleRequest(harness.url, admin.cookie, 'GET', '/v1/console/me')).status).toBe(401);
  });

  it('keeps the last owner: it can be neither removed nor demoted, and admins cannot touch owners', async () => {
    const team = (await (await harness.request('GET', '/v1/operators')).json()) as {
      data: { id: string; role: string }[];
    };
    const owner = team.data.find((member) => member.role === 'owner') as { id: string };
    const removal = await harness.request('DELETE', `/v1/operators/${owner.id}`);
    expect(removal.status).toBe(400);
    expect(((await removal.json()) as { error: { details: { reason: string } } }).error.details.reason).toBe(
      'last_owner',
    );
    expect((await harness.request('PATCH', `/v1/operators/${owner.id}`, { role: 'admin' })).status).toBe(400);

    const admin = await createOperator(harness, { role: 'admin' });
    expect(
      (await consoleRequest(harness.url, admin.cookie, 'DELETE', `/v1/operators/${owner.id}`)).status,
    ).toBe(403);
    const ownerInvite = await consoleRequest(harness.url, admin.cookie, 'POST', '/v1/operators/invites', {
      email: 'boss@example.com',
      role: 'owner',
    });
    expect(ownerInvite.status).toBe(403);
  });

  it('signs out this device, or every device at once', async () => {
    const agent = await createOperator(harness, { role: 'agent' });
    const signIn = () =>
      consoleRequest(harness.url, null, 'POST', '/v1/console/sign-in', {
        email: agent.email,
        password: agent.password,
      });
    const phone = sessionCookieOf(await signIn());
    const laptop = sessionCookieOf(await signIn());

    const out = await consoleRequest(harness.url, phone, 'POST', '/v1/console/sign-out');
    expect(out.headers.getSetCookie().join()).toMatch(/parley_console=;.*Max-Age=0/);
    expect((await consoleRequest(harness.url, phone, 'GET', '/v1/console/me')).status).toBe(401);
    expect((await consoleRequest(harness.url, laptop, 'GET', '/v1/console/me')).status).toBe(200);

    const everywhere = await consoleRequest(harness.url, laptop, 'POST', '/v1/console/sign-out-everywhere');
    expect(everywhere.status).toBe(200);
    for (const cookie of [laptop, agent.cookie])
      expect((await consoleRequest(harness.url, cookie, 'GET', '/v1/console/me')).status).toBe(401);
    expect((await signIn()).status).toBe(200);
  });
});
