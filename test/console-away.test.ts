/**
 * Issue 13, "Away and follow-up" in the console: a manager sets an app's opening hours (a time zone,
 * intervals per day) and its handoff timeout on the Apps page, a bad time is refused with the API's
 * message, and the inbox shows the email a visitor left on the conversation. Real server, real Chromium.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { expectNoAxeViolations, signedInPage } from './support/console-pages.js';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';

const owner = { email: 'owner@example.com', password: 'a long owner password 42' };
let parley: ParleyHarness;
let browser: Browser;

beforeAll(async () => {
  parley = await startParleyHarness({
    model: 'offline',
    environment: { PARLEY_ADMIN_EMAIL: owner.email, PARLEY_ADMIN_PASSWORD: owner.password },
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await parley?.stop();
});

describe('console: opening hours, handoff timeout, the email left', { timeout: 60_000 }, () => {
  it('sets the hours and timeout on the Apps page; a bad time is refused', async () => {
    const appId = parley.running.demo.appId;
    const { context, page } = await signedInPage(browser, parley.url, owner);
    context.setDefaultTimeout(10_000);
    try {
      await page.goto(`${parley.url}/console/apps/${appId}`);
      await page.getByLabel('Time zone').selectOption('Europe/Paris');
      await page.getByLabel('Monday').fill('09:00-12:00, 13:00-17:30');
      await page.getByLabel('Friday').fill('10:00-16:00');
      await page.getByLabel('Handoff timeout, in seconds').fill('90');
      await expectNoAxeViolations(page, 'console-apps-page', 'app settings with opening hours');
      await page.getByRole('button', { name: 'Save' }).first().click();
      await expect
        .poll(async () => (await (await parley.request('GET', `/v1/apps/${appId}`)).json()) as unknown)
        .toMatchObject({
          opening_hours: {
            time_zone: 'Europe/Paris',
            days: {
              mon: [
                { open: '09:00', close: '12:00' },
                { open: '13:00', close: '17:30' },
              ],
              fri: [{ open: '10:00', close: '16:00' }],
              tue: [],
            },
          },
          handoff_timeout_seconds: 90,
        });

      await page.getByLabel('Monday').fill('9am-5pm');
      await page.getByRole('button', { name: 'Save' }).first().click();
      await page.getByRole('alert').filter({ hasText: 'HH:MM' }).waitFor();

      // Always open again: no hours are kept.
      await page.getByLabel('Time zone').selectOption('');
      await page.getByLabel('Handoff timeout, in seconds').fill('');
      await page.getByRole('button', { name: 'Save' }).first().click();
      await expect
        .poll(async () => (await (await parley.request('GET', `/v1/apps/${appId}`)).json()) as unknown)
        .toMatchObject({ opening_hours: null, handoff_timeout_seconds: null });
    } finally {
      await context.close();
    }
  });

  it('the inbox shows the email a visitor left, as text', async () => {
    const appId = parley.running.demo.appId;
    const executed = await parley.request('POST', `/v1/apps/${appId}/execute`, {
      message: 'My parcel is late, can someone write to me?',
    });
    const { session_id: sessionId } = (await executed.json()) as { session_id: string };
    await parley.request('POST', `/v1/apps/${appId}/sessions/${sessionId}/escalate`, {});
    const left = await parley.request('POST', `/v1/apps/${appId}/sessions/${sessionId}/contact`, {
      email: 'ada+parcel@example.com',
    });
    expect(left.status).toBe(200);

    const { context, page } = await signedInPage(browser, parley.url, owner);
    context.setDefaultTimeout(10_000);
    try {
      await page.goto(`${parley.url}/console/inbox`);
      await page.locator('console-inbox-page .list .item').first().click();
      const link = page.getByRole('link', { name: 'ada+parcel@example.com' });
      await link.waitFor();
      expect(await link.getAttribute('href')).toBe('mailto:ada+parcel@example.com');
    } finally {
      await context.close();
    }
  });
});
