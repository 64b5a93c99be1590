/**
 * Issue 13 ("Away and follow-up") on the hosted share page, in Chromium: the share page's visitor who
 * asks for a person while the team is away (the opening hours of the app holding the agent), or whose
 * escalation nobody takes within its handoff timeout, reads the same notice as the widget's visitor and may leave an email, through the same socket `contact`; the
 * email lands on the conversation and reaches the team app's helpdesk in `conversation.escalated`.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startAppWebhookReceiver } from './support/webhook-receiver.js';
import { answerQuestions, chat, useWidgetBrowser, waitForAnswer } from './support/widget-page.js';

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

describe('the share page: away and follow-up', () => {
  const fixture = useWidgetBrowser({
    parley: { model: 'openai', environment: { PARLEY_ALLOW_PRIVATE_URLS: '1' } },
  });
  const away = (page: Page) => chat(page).locator('[part~="away"]');

  async function visitorAsksForPerson() {
    const { agentId } = fixture.parley.running.demo;
    const share = (await (
      await fixture.parley.request('POST', `/v1/agents/${agentId}/share`, { expires_in: 24 })
    ).json()) as { share_url: string };
    const context = await fixture.newVisitor();
    const page = await context.newPage();
    await page.goto(share.share_url);
    answerQuestions(fixture.parley, { 'Where is my parcel?': { content: 'Let me look.' } });
    await page.getByLabel('Your message').fill('Where is my parcel?');
    await page.getByLabel('Your message').press('Enter');
    await waitForAnswer(page);
    await chat(page).locator('[part~="escalate-button"]').click();
    const conversationId = await page.evaluate(
      (key) => JSON.parse(localStorage.getItem(key) ?? '{}').conversation_id as string,
      `parley:${agentId}`,
    );
    return { page, conversationId };
  }

  it('closed now: the share page says the team is away; the email lands on the conversation and in the webhook', async () => {
    const { appId } = fixture.parley.running.demo;
    const changed = await fixture.parley.request('PATCH', `/v1/apps/${appId}`, {
      opening_hours: hoursClosedNow('Pacific/Kiritimati'),
      handoff_timeout_seconds: null,
    });
    expect(changed.status).toBe(200);
    const receiver = await startAppWebhookReceiver(fixture.parley, appId, 'whsec_share_away_secret', [
      'conversation.escalated',
      'message.created',
    ]);
    try {
      const { page, conversationId } = await visitorAsksForPerson();
      expect(conversationId).toMatch(/^conv_/);
      await away(page).getByText('Our team is away right now').waitFor();
      // A reload while it holds says it again.
      await page.reload();
      await away(page).getByText('Our team is away right now').waitFor();
      const email = chat(page).getByRole('textbox', { name: 'Your email' });
      await email.fill('ada@');
      await away(page).getByRole('button', { name: 'Send' }).click();
      await chat(page).getByRole('alert').getByText('Please enter a valid email address').waitFor();

      await email.fill('ada@example.com');
      await away(page).getByRole('button', { name: 'Send' }).click();
      await away(page).getByText('Thank you. We will answer you at ada@example.com.').waitFor();

      const stored = await fixture.parley.running.store.get('conversations', conversationId);
      expect(stored?.contact_email).toBe('ada@example.com');
      const events = await receiver.waitFor((received) =>
        received.some((event) => event.data.contact_email === 'ada@example.com'),
      );
      const followUp = events.find((event) => event.data.contact_email === 'ada@example.com');
      expect(followUp?.event).toBe('conversation.escalated');
      expect(followUp?.data.session_id).toBe(conversationId);
      const context = followUp?.data.context as { channel: string; metadata: Record<string, unknown> };
      expect(context.channel).toBe('share');
      expect(context.metadata.contact_email).toBe('ada@example.com');

      // What the visitor writes next reaches the helpdesk with the email, as a session's messages do.
      await page.getByLabel('Your message').fill('My order number is 4417');
      await page.getByLabel('Your message').press('Enter');
      const later = await receiver.waitFor((received) =>
        received.some((event) => event.event === 'message.created'),
      );
      const created = later.find((event) => event.event === 'message.created');
      expect(created?.data).toMatchObject({
        session_id: conversationId,
        contact_email: 'ada@example.com',
        message: { role: 'user', content: 'My order number is 4417' },
      });
    } finally {
      await receiver.close();
    }
  });

  it('open now, nobody takes the escalation in time: "no one is free", with the email offer', async () => {
    const { appId } = fixture.parley.running.demo;
    await fixture.parley.request('PATCH', `/v1/apps/${appId}`, {
      opening_hours: null,
      handoff_timeout_seconds: 1,
    });
    const { page, conversationId } = await visitorAsksForPerson();
    await away(page).getByText('No one is free right now').waitFor({ timeout: 15_000 });
    const stored = await fixture.parley.running.store.get('conversations', conversationId);
    expect(stored?.handoff_timed_out_at).toMatch(/^\d{4}-/);
    await chat(page).getByRole('textbox', { name: 'Your email' }).fill('grace@example.org');
    await chat(page).getByRole('textbox', { name: 'Your email' }).press('Enter');
    await away(page).getByText('grace@example.org').waitFor();
    await expect
      .poll(
        async () => (await fixture.parley.running.store.get('conversations', conversationId))?.contact_email,
      )
      .toBe('grace@example.org');
    expect(await away(page).count()).toBe(1);
  });

  it('open now and within the timeout: no away notice on the share page', async () => {
    const { appId } = fixture.parley.running.demo;
    await fixture.parley.request('PATCH', `/v1/apps/${appId}`, {
      opening_hours: null,
      handoff_timeout_seconds: 3_600,
    });
    const { page } = await visitorAsksForPerson();
    await chat(page).locator('.notice').first().waitFor();
    await page.waitForTimeout(500);
    expect(await away(page).count()).toBe(0);
  });
});
