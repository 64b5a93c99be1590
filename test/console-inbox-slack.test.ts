/**
 * Issue 11 acceptance, the inbox with Slack (a local Slack Web API): a Slack user's conversation
 * is in the inbox as Slack's; a support agent takes it over and replies, and the reply is posted
 * to the Slack conversation once; after hand-back the model reads the reply.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { createOperator } from './support/console.js';
import {
  inbox,
  lastModelMessages,
  listItem,
  openInbox,
  sendReply,
  takeOverAndReply,
  transcriptMessages,
} from './support/console-inbox.js';
import { type SlackDriver, startSlackDriver } from './support/slack-driver.js';
import { answerQuestions } from './support/widget-page.js';

describe('console inbox: a person answers a Slack conversation', () => {
  let slack: SlackDriver;
  let browser: Browser;
  beforeAll(async () => {
    slack = await startSlackDriver({ model: 'openai' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await slack?.stop();
  });

  it('takes over from the inbox, the reply reaches Slack once, hand-back gives the model the reply', async () => {
    const { parley } = slack;
    answerQuestions(parley, {
      'How do refunds work?': { content: 'Refunds go back to your card within five days.' },
      'And the voucher?': { content: 'The voucher works in the shop too.' },
    });
    const operator = await createOperator(parley, { role: 'agent', name: 'Sam Support' });
    const context = await browser.newContext();
    context.setDefaultTimeout(10_000);
    const { page } = await openInbox(context, parley, operator);

    await slack.sendUserMessage({ conversation: 'refunds', user: 'U1', text: 'How do refunds work?' });
    await slack.waitForPosts('refunds', 1);
    const item = listItem(page, 'Refunds go back to your card');
    await item.waitFor();
    await expect(item.textContent()).resolves.toContain('Slack');
    await item.click();
    await transcriptMessages(page, 'assistant').filter({ hasText: 'within five days' }).waitFor();

    const reply = 'Sam here: I have sent you a voucher, VOUCH-77.';
    await takeOverAndReply(page, reply);
    await sendReply(page, reply);
    const [, personPost] = await slack.waitForPosts('refunds', 2);
    expect(personPost?.text).toContain('VOUCH-77');
    expect(personPost?.text).toContain('Sam Support');

    await page.getByRole('button', { name: 'Hand back' }).click();
    await inbox(page).getByRole('button', { name: 'Take over' }).waitFor();
    await slack.waitForPosts('refunds', 3);
    await slack.sendUserMessage({ conversation: 'refunds', user: 'U1', text: 'And the voucher?' });
    const posts = await slack.waitForPosts('refunds', 4);
    expect(posts.at(-1)?.text).toContain('The voucher works in the shop too.');
    expect(posts.filter((post) => post.text.includes('VOUCH-77'))).toHaveLength(1);
    expect(lastModelMessages(parley).some((message) => message.content.includes('VOUCH-77'))).toBe(true);
    await context.close();
  });
});
