/**
 * Issue 13 acceptance ("Away and follow-up"), in Chromium on the demo page against a real server: an
 * app with opening hours that exclude now tells a visitor asking for a person that the team is away
 * and offers to leave an email; an app open now whose escalation nobody takes within its handoff
 * timeout says no one is free, with the same offer. The email is checked (a bad one refused with a
 * clear message, markup never becomes markup), lands in the session's metadata, in the inbox and in
 * the `conversation.escalated` webhook a helpdesk receives. The form passes axe and speaks the
 * visitor's language. The API refuses bad
 * opening hours and time zones in the contract's error shape.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { describeViolations, runAxe } from './support/axe.js';
import { startAppWebhookReceiver } from './support/webhook-receiver.js';
import {
  answerQuestions,
  chat,
  gotoDemo,
  launcher,
  openChat,
  sessionMetadata,
  storedThread,
  typeAndSend,
  useWidgetBrowser,
  waitForAnswer,
  waitForReady,
} from './support/widget-page.js';

/** Every day open one hour that is not the current hour in `timeZone`: closed now. */
function hoursClosedNow(timeZone: string) {
  const hour = Number(
    new Intl.DateTimeFormat('en-US', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(new Date()),
  );
  const open = (hour + 2) % 22;
  const time = (value: number) => `${String(value).padStart(2, '0')}:00`;
  const day = [{ open: time(open), close: time(open + 1) }];
  return {
    time_zone: timeZone,
    days: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day },
  };
}

describe('widget acceptance: away and follow-up', () => {
  const fixture = useWidgetBrowser({
    parley: { model: 'openai', environment: { PARLEY_ALLOW_PRIVATE_URLS: '1' } },
  });

  const appId = () => fixture.parley.running.demo.appId;
  const away = (page: Page) => chat(page).locator('[part~="away"]');
  const emailBox = (page: Page) => chat(page).getByRole('textbox', { name: 'Your email' });

  async function setApp(settings: Record<string, unknown>): Promise<void> {
    const response = await fixture.parley.request('PATCH', `/v1/apps/${appId()}`, settings);
    expect(response.status).toBe(200);
  }

  async function visitorAsksForPerson(): Promise<{ page: Page; sessionId: string }> {
    // axe is injected as a script: the demo page's CSP is bypassed for it.
    const context = await fixture.newVisitor({ bypassCSP: true });
    const page = await context.newPage();
    await gotoDemo(page, fixture.parley);
    answerQuestions(fixture.parley, { 'Where is my parcel?': { content: 'Let me look.' } });
    await openChat(page);
    await waitForReady(page);
    await typeAndSend(page, 'Where is my parcel?');
    await waitForAnswer(page);
    await typeAndSend(page, 'agent please');
    await expect.poll(async () => (await storedThread(page, appId()))?.session_id).toMatch(/^sess_/);
    return { page, sessionId: (await storedThread(page, appId()))?.session_id ?? '' };
  }

  it('closed now: the widget says the team is away; the email left reaches metadata, inbox and webhook', async () => {
    await setApp({ opening_hours: hoursClosedNow('Pacific/Kiritimati'), handoff_timeout_seconds: null });
    const receiver = await startAppWebhookReceiver(fixture.parley, appId(), 'whsec_away_test_secret');
    try {
      const { page, sessionId } = await visitorAsksForPerson();
      await away(page).getByText('Our team is away right now').waitFor();
      await emailBox(page).waitFor();

      const axe = await runAxe(page);
      expect(axe.violations, describeViolations(axe.violations)).toEqual([]);

      // A bad address is refused, with a clear message, and nothing is stored.
      await emailBox(page).fill('ada@');
      await away(page).getByRole('button', { name: 'Send' }).click();
      await chat(page).getByRole('alert').getByText('Please enter a valid email address').waitFor();
      expect(await emailBox(page).getAttribute('aria-invalid')).toBe('true');

      // Markup stays text: refused as an address, and no element is made of it.
      await page.evaluate(() => {
        (window as unknown as { xss?: number }).xss = 0;
      });
      await emailBox(page).fill('<img src=x onerror="window.xss=1">@example.com');
      await away(page).getByRole('button', { name: 'Send' }).click();
      await chat(page).getByRole('alert').getByText('Please enter a valid email address').waitFor();
      expect(await away(page).locator('img').count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { xss?: number }).xss)).toBe(0);
      expect((await sessionMetadata(fixture.parley, sessionId))?.contact_email).toBeUndefined();

      await emailBox(page).fill('ada@example.com');
      await away(page).getByRole('button', { name: 'Send' }).click();
      await away(page).getByText('Thank you. We will answer you at ada@example.com.').waitFor();
      await chat(page).getByRole('button', { name: 'New conversation' }).click();
      await away(page).waitFor({ state: 'detached' });

      // In the session's metadata and in the inbox (API).
      await expect
        .poll(async () => (await sessionMetadata(fixture.parley, sessionId))?.contact_email)
        .toBe('ada@example.com');
      const listed = await fixture.parley.request('GET', `/v1/apps/${appId()}/sessions?escalated=true`);
      const sessions = ((await listed.json()) as { data: { session_id: string; contact_email: string }[] })
        .data;
      expect(sessions.find((session) => session.session_id === sessionId)?.contact_email).toBe(
        'ada@example.com',
      );

      // The helpdesk hears it: conversation.escalated with the email, for the same session.
      const events = await receiver.waitFor((received) =>
        received.some((event) => event.data.contact_email === 'ada@example.com'),
      );
      const followUp = events.find((event) => event.data.contact_email === 'ada@example.com');
      expect(followUp?.event).toBe('conversation.escalated');
      expect(followUp?.data.session_id).toBe(sessionId);
      const context = followUp?.data.context as { metadata: Record<string, unknown> } | undefined;
      expect(context?.metadata.contact_email).toBe('ada@example.com');
    } finally {
      await receiver.close();
    }
  });

  it('open now, nobody takes the escalation in time: "no one is free", with the email offer', async () => {
    await setApp({ opening_hours: null, handoff_timeout_seconds: 1 });
    const { page, sessionId } = await visitorAsksForPerson();
    await away(page).getByText('No one is free right now').waitFor({ timeout: 15_000 });
    // A reload while it still holds says it again.
    await page.reload();
    await openChat(page);
    await waitForReady(page);
    await away(page).getByText('No one is free right now').waitFor();
    await emailBox(page).fill('grace+help@example.org');
    await emailBox(page).press('Enter');
    await away(page).getByText('grace+help@example.org').waitFor();
    await expect
      .poll(async () => (await sessionMetadata(fixture.parley, sessionId))?.contact_email)
      .toBe('grace+help@example.org');
    // Told once: the session keeps when.
    const session = await fixture.parley.running.store.get('sessions', sessionId);
    expect(session?.handoff_timed_out_at).toMatch(/^\d{4}-/);
    expect(await away(page).count()).toBe(1);

    // Once the email is left, a reload does not ask again; a new conversation drops the notice.
    await page.reload();
    await openChat(page);
    await waitForReady(page);
    await chat(page).locator('.notice').first().waitFor();
    expect(await away(page).count()).toBe(0);
  });

  it("in the visitor's language: a French browser reads the notice and the form in French", async () => {
    await setApp({ opening_hours: hoursClosedNow('Asia/Tokyo'), handoff_timeout_seconds: null });
    const context = await fixture.newVisitor({ locale: 'fr-FR' });
    const page = await context.newPage();
    await gotoDemo(page, fixture.parley);
    await launcher(page).click();
    const message = chat(page).getByLabel('Votre message');
    await message.fill('agent please');
    await message.press('Enter');
    await away(page).getByText('Notre équipe est absente pour le moment').waitFor();
    await chat(page).getByRole('textbox', { name: 'Votre e-mail' }).fill('pas-une-adresse');
    await away(page).getByRole('button', { name: 'Envoyer' }).click();
    await chat(page).getByRole('alert').getByText('Saisissez une adresse e-mail valide').waitFor();
  });

  it('open now and within the timeout: no away notice', async () => {
    await setApp({ opening_hours: null, handoff_timeout_seconds: 3_600 });
    const { page } = await visitorAsksForPerson();
    await chat(page).locator('[part~="message-notice"], .notice').first().waitFor();
    await page.waitForTimeout(1_500);
    expect(await away(page).count()).toBe(0);
  });

  it('the API refuses bad opening hours, time zones and emails in the error shape', async () => {
    const refused = async (path: string, body: unknown, field: RegExp) => {
      const response = await fixture.parley.request(path.includes('/contact') ? 'POST' : 'PATCH', path, body);
      expect(response.status).toBe(400);
      const answer = (await response.json()) as {
        error: { code: string; message: string; details: unknown };
      };
      expect(answer.error.code).toBe('invalid_request');
      expect(JSON.stringify(answer.error.details)).toMatch(field);
      return answer.error.message;
    };
    const app = `/v1/apps/${appId()}`;
    expect(
      await refused(app, { opening_hours: { time_zone: 'Mars/Olympus', days: {} } }, /time_zone/),
    ).toMatch(/IANA time zone/);
    await refused(
      app,
      { opening_hours: { time_zone: 'Europe/Paris', days: { mon: [{ open: '9am', close: '17:00' }] } } },
      /open/,
    );
    await refused(
      app,
      { opening_hours: { time_zone: 'Europe/Paris', days: { mon: [{ open: '18:00', close: '09:00' }] } } },
      /mon/,
    );
    await refused(app, { opening_hours: { time_zone: 'UTC', days: { monday: [] } } }, /monday|days/);
    await refused(app, { handoff_timeout_seconds: 0 }, /handoff_timeout_seconds/);

    const ok = await fixture.parley.request('PATCH', app, {
      opening_hours: { time_zone: 'Europe/Paris', days: { mon: [{ open: '09:00', close: '17:30' }] } },
      handoff_timeout_seconds: 120,
    });
    const saved = (await ok.json()) as { opening_hours: unknown; handoff_timeout_seconds: number };
    expect(saved.opening_hours).toEqual({
      time_zone: 'Europe/Paris',
      days: { mon: [{ open: '09:00', close: '17:30' }] },
    });
    expect(saved.handoff_timeout_seconds).toBe(120);

    const session = await fixture.parley.request('POST', `${app}/sessions`, {});
    const { session_id: sessionId } = (await session.json()) as { session_id: string };
    await refused(`${app}/sessions/${sessionId}/contact`, { email: '<b>x</b>@example.com' }, /email/);
    const left = await fixture.parley.request('POST', `${app}/sessions/${sessionId}/contact`, {
      email: 'ada@example.com',
    });
    expect(await left.json()).toEqual({ session_id: sessionId, contact_email: 'ada@example.com' });
  });
});
