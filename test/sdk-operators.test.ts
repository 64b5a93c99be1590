import { AgentPlatform, ParleyApiError } from '@parley/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleRequest } from './support/console.js';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';

/** Issue 11: a script manages the console's team with the SDK, as the console does. */
describe('client.operators', () => {
  let parley: ParleyHarness;
  let client: AgentPlatform;
  beforeAll(async () => {
    parley = await startParleyHarness({ model: 'offline' });
    client = new AgentPlatform({ apiKey: parley.adminKey, baseUrl: parley.url });
  });
  afterAll(async () => {
    await parley.stop();
  });

  it('invites, lists, changes a role and removes an operator', async () => {
    const invite = await client.operators.invite({ email: 'kim@example.com', role: 'agent' });
    expect(invite.invite_url).toMatch(/\/console\/invite\/inv_/);
    const token = invite.invite_url.split('/').pop() as string;
    const accepted = await consoleRequest(parley.url, null, 'POST', `/v1/console/invites/${token}`, {
      name: 'Kim',
      password: 'kim password 1',
    });
    expect(accepted.status).toBe(201);

    const team = await client.operators.list({ limit: 10 });
    const kim = team.data.find((member) => member.email === 'kim@example.com');
    expect(kim).toMatchObject({ name: 'Kim', role: 'agent' });
    const promoted = await client.operators.update(kim?.id as string, { role: 'owner' });
    expect(promoted.role).toBe('owner');
    // Kim is the only owner now: removing the last owner is refused with its reason.
    const refusal = await client.operators.delete(kim?.id as string).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ParleyApiError);
    expect((refusal as ParleyApiError).details).toMatchObject({ reason: 'last_owner' });
    await client.operators.update(kim?.id as string, { name: 'Kim Lee' });
    expect((await client.operators.list()).data.map((member) => member.name)).toEqual(['Kim Lee']);
  });
});
