import { createHmac, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  postActivity,
  startTeamsDriver,
  type TeamsDriver,
  teamsMessage,
  tenantId,
} from './support/bot-framework-driver.js';
import { type BotFrameworkService, startBotFrameworkService } from './support/bot-framework-service.js';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';
import { dana, personal } from './support/teams-users.js';

/** Teams, continued: what the model sees and may write, and a bot with a Microsoft app id. */

describe('Teams with a model that sees the text', () => {
  let driver: TeamsDriver;

  beforeAll(async () => {
    driver = await startTeamsDriver({ model: 'openai' });
  });
  afterAll(async () => {
    await driver?.stop();
  });

  it('takes the bot’s mention out before the model sees the message', async () => {
    const { service, parley } = driver;
    const model = parley.modelServer;
    if (!model) throw new Error('the openai harness has a model server');
    const group = { id: '19:mentions-parley@thread.v2', conversationType: 'groupChat' as const };
    const activity = teamsMessage({
      serviceUrl: service.url,
      conversation: group,
      user: dana,
      text: 'What is the warranty on <at>Fox</at>’s laptop?',
      mention: true,
    });
    (activity.entities as Record<string, unknown>[]).push({
      type: 'mention',
      text: '<at>Fox</at>',
      mentioned: { id: '29:fox', name: 'Fox' },
    });
    expect((await postActivity(parley, activity)).status).toBe(200);
    await service.waitFor(() => service.activities(group.id).find((sent) => sent.type === 'message'));
    const request = model.requests.findLast((recorded) => recorded.path.endsWith('/chat/completions'));
    const lastUser = request?.body.messages?.findLast((message) => message.role === 'user');
    expect(lastUser?.content).toBe('What is the warranty on Fox’s laptop?');
  });

  it('writes model text so it cannot bring markup into Teams', async () => {
    const { service, parley } = driver;
    parley.modelServer?.enqueue({ content: 'Use <at>Everyone</at> & <img src=x onerror=alert(1)> **now**' });
    const conversation = personal();
    await postActivity(
      parley,
      teamsMessage({ serviceUrl: service.url, conversation, user: dana, text: 'Say something odd' }),
    );
    const answer = await service.waitFor(() =>
      service.activities(conversation.id).find((sent) => sent.type === 'message'),
    );
    expect(answer.text).toBe(
      'Use &lt;at&gt;Everyone&lt;/at&gt; &amp; &lt;img src=x onerror=alert(1)&gt; **now**',
    );
    expect(answer.text).not.toMatch(/<[a-z]/i);
  });
});

describe('Teams with a Microsoft app id', () => {
  let parley: ParleyHarness;
  let service: BotFrameworkService;

  beforeAll(async () => {
    service = await startBotFrameworkService();
    parley = await startParleyHarness({
      model: 'offline',
      environment: {
        MICROSOFT_APP_ID: '00000000-0000-0000-0000-00000000b07f',
        MICROSOFT_APP_PASSWORD: 'not-a-real-secret',
        MICROSOFT_APP_TENANT_ID: tenantId,
        PARLEY_ALLOW_PRIVATE_URLS: '1',
      },
    });
  });
  afterAll(async () => {
    await parley?.stop();
    await service?.close();
  });

  it('refuses requests without a valid Bot Framework token, and creates nothing', async () => {
    const store = parley.running.store;
    const sessionsBefore = await store.count('sessions');
    const conversation = personal();
    const activity = () =>
      teamsMessage({ serviceUrl: service.url, conversation, user: dana, text: 'How long do I have?' });

    const withoutToken = await postActivity(parley, activity());
    expect(withoutToken.status).toBe(401);
    const garbage = await postActivity(parley, activity(), { authorization: 'Bearer not.a.jwt' });
    expect(garbage.status).toBe(401);
    const forged = await postActivity(parley, activity(), { authorization: `Bearer ${selfSignedToken()}` });
    expect(forged.status).toBe(401);

    expect(await store.count('channel_links')).toBe(0);
    expect(await store.count('sessions')).toBe(sessionsBefore);
    expect(service.calls).toHaveLength(0);
  });
});

/** A well-formed JWT that the Bot Framework never issued (our own key, our own issuer). */
function selfSignedToken(): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const header = encode({ alg: 'HS256', typ: 'JWT' });
  const payload = encode({
    iss: 'https://attacker.example',
    aud: '00000000-0000-0000-0000-00000000b07f',
    serviceurl: 'http://127.0.0.1/',
    nbf: now - 60,
    exp: now + 3600,
  });
  const signature = createHmac('sha256', randomBytes(32)).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}
