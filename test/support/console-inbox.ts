import type { BrowserContext, Locator, Page } from 'playwright-core';
import type { OperatorCredentials } from './console.js';
import type { ParleyHarness } from './parley-harness.js';

/** What the inbox tests share: an operator's browser tab on the inbox, and its parts. */

export interface OperatorTab {
  page: Page;
  /** Browser notifications the console showed (`Notification` recorded, permission granted). */
  notifications(): Promise<{ title: string; body: string }[]>;
}

/** Signs the operator in by their session cookie and opens `/console/inbox`; notifications are allowed and recorded. */
export async function openInbox(
  context: BrowserContext,
  parley: ParleyHarness,
  operator: OperatorCredentials,
): Promise<OperatorTab> {
  await context.addCookies([
    {
      name: 'parley_console',
      value: operator.cookieValue,
      url: parley.url,
      httpOnly: true,
      sameSite: 'Strict',
    },
  ]);
  await context.addInitScript(() => {
    const shown: { title: string; body: string }[] = [];
    (window as unknown as { __notifications: typeof shown }).__notifications = shown;
    class RecordedNotification {
      static permission = 'granted';
      static requestPermission = async () => 'granted';
      constructor(title: string, options: { body?: string } = {}) {
        shown.push({ title, body: options.body ?? '' });
      }
    }
    Object.defineProperty(window, 'Notification', { value: RecordedNotification, configurable: true });
  });
  const page = await context.newPage();
  await page.goto(`${parley.url}/console/inbox`);
  await page.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
  await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
  return {
    page,
    notifications: () =>
      page.evaluate(
        () => (window as unknown as { __notifications: { title: string; body: string }[] }).__notifications,
      ),
  };
}

export function inbox(page: Page): Locator {
  return page.locator('console-inbox-page');
}

/** The list's entry of a conversation whose preview shows `text`. */
export function listItem(page: Page, text: string): Locator {
  return inbox(page).locator('.list .item').filter({ hasText: text });
}

export function transcriptMessages(page: Page, role?: 'user' | 'assistant' | 'human_agent'): Locator {
  return inbox(page).locator(
    role ? `.transcript > li.message.${role}:not(.live)` : '.transcript > li.message:not(.live)',
  );
}

export function liveAnswer(page: Page): Locator {
  return inbox(page).locator('.transcript > li.message.live .content');
}

/** The operator takes over, writes (the visitor sees them typing), sends, and the reply is stored. */
export async function takeOverAndReply(page: Page, reply: string): Promise<void> {
  await page.getByRole('button', { name: 'Take over' }).click();
  await page.getByRole('button', { name: 'Hand back' }).waitFor();
  await page.getByLabel('Reply').pressSequentially(reply.slice(0, 12), { delay: 20 });
}

export async function sendReply(page: Page, reply: string): Promise<void> {
  await page.getByLabel('Reply').fill(reply);
  await page.getByRole('button', { name: 'Send' }).click();
  await transcriptMessages(page, 'human_agent').filter({ hasText: reply }).waitFor();
}

/** The last chat completion request's messages, as the model received them. */
export function lastModelMessages(parley: ParleyHarness): { role: string; content: string }[] {
  const requests = (parley.modelServer?.requests ?? []).filter(
    (request) => request.path === '/v1/chat/completions',
  );
  return (requests.at(-1)?.body.messages ?? []).map((message) => ({
    role: message.role,
    content: typeof message.content === 'string' ? message.content : JSON.stringify(message.content),
  }));
}
