/**
 * In Chromium: a visitor who opens the chat while the server's Redis is down is told the server
 * cannot be reached (not that the chat is unavailable on this site), and the chat comes online by
 * itself once Redis is back: the handshake refused 503 `unavailable` is tried again, and the
 * message typed meanwhile is answered.
 */
import { freePort, TestRedisServer } from '@parley/coordination-redis/testing';
import { afterAll, describe, expect, it } from 'vitest';
import {
  chat,
  gotoDemo,
  openChat,
  typeAndSend,
  useWidgetBrowser,
  waitForAnswer,
  waitForReady,
} from './support/widget-page.js';

describe('widget while Redis is down', () => {
  let redis: TestRedisServer | undefined;
  const fixture = useWidgetBrowser({
    parley: async () => {
      redis = new TestRedisServer(await freePort());
      await redis.start();
      return { model: 'offline', environment: { REDIS_URL: redis.url, PARLEY_REDIS_PREFIX: 'widget:' } };
    },
  });

  afterAll(async () => {
    await redis?.stop();
  });

  it('says the server cannot be reached, then comes online by itself and answers', async () => {
    await redis?.stop();
    const context = await fixture.newVisitor();
    const page = await context.newPage();
    await gotoDemo(page, fixture.parley);
    await openChat(page);
    const banner = chat(page).locator('[part~="banner"]');
    await banner.getByText('The chat server cannot be reached').waitFor();
    expect(await banner.textContent()).not.toContain('not available');
    await typeAndSend(page, 'What is Parley?');

    await redis?.start();
    await waitForReady(page);
    expect((await waitForAnswer(page, 1, 30_000)).length).toBeGreaterThan(0);
  });
});
