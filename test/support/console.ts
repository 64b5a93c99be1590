import { randomToken } from '@parley/engine';
import type { Page } from 'playwright-core';
import type { ParleyHarness } from './parley-harness.js';

export type OperatorRole = 'owner' | 'admin' | 'agent';

/** An operator made for a test: what they sign in with, and the session cookie they got. */
export interface OperatorCredentials {
  id: string;
  email: string;
  password: string;
  name: string;
  role: OperatorRole;
  /** `parley_console=…`, ready for a `Cookie` header (or `cookieValue` for a browser context). */
  cookie: string;
  cookieValue: string;
}

/** The `parley_console` value of an answer's `Set-Cookie`, or null when it sets none (or clears it). */
export function sessionCookieOf(response: Response): string | null {
  for (const header of response.headers.getSetCookie()) {
    const match = /^parley_console=([^;]*)/.exec(header);
    if (match?.[1]) return match[1];
  }
  return null;
}

/**
 * A console call as the console makes it: the session cookie and `X-Parley-Console: 1`, the
 * server's own `Origin` for unsafe methods, JSON body. `headers` may change any of them.
 */
export function consoleRequest(
  baseUrl: string,
  cookie: string | null,
  method: string,
  pathname: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  const unsafe = !['GET', 'HEAD'].includes(method.toUpperCase());
  return fetch(`${baseUrl}${pathname}`, {
    method,
    headers: {
      ...(cookie ? { cookie: cookie.includes('=') ? cookie : `parley_console=${cookie}` } : {}),
      'x-parley-console': '1',
      ...(unsafe ? { origin: new URL(baseUrl).origin } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}

/**
 * Makes an operator through the API, as a team would: an invite with the admin key, then the
 * invite accepted with a name and password (which signs them in).
 */
export async function createOperator(
  harness: ParleyHarness,
  options: { role: OperatorRole; email?: string; password?: string; name?: string },
): Promise<OperatorCredentials> {
  const email = options.email ?? `${options.role}-${randomToken(8).toLowerCase()}@example.com`;
  const password = options.password ?? `pw-${randomToken(20)}`;
  const name = options.name ?? `Test ${options.role}`;
  const invited = await harness.request('POST', '/v1/operators/invites', { email, role: options.role });
  if (invited.status !== 201) throw new Error(`invite failed: ${invited.status} ${await invited.text()}`);
  const { invite_url: inviteUrl } = (await invited.json()) as { invite_url: string };
  const token = inviteUrl.slice(inviteUrl.lastIndexOf('/') + 1);
  const accepted = await consoleRequest(harness.url, null, 'POST', `/v1/console/invites/${token}`, {
    name,
    password,
  });
  if (accepted.status !== 201)
    throw new Error(`accepting failed: ${accepted.status} ${await accepted.text()}`);
  const { operator } = (await accepted.json()) as { operator: { id: string } };
  const cookieValue = sessionCookieOf(accepted);
  if (!cookieValue) throw new Error('accepting the invite set no session cookie');
  return {
    id: operator.id,
    email,
    password,
    name,
    role: options.role,
    cookie: `parley_console=${cookieValue}`,
    cookieValue,
  };
}

/** Waits until the console shows its signed-in frame (the header with the account menu), at any width. */
export async function waitForSignedIn(page: Page): Promise<void> {
  await page.locator('parley-console header').waitFor({ state: 'visible' });
}

/** Signs in through the console's real sign-in form, and waits for the signed-in console. */
export async function signInConsole(
  page: Page,
  baseUrl: string,
  credentials: { email: string; password: string },
): Promise<void> {
  await page.goto(`${baseUrl}/console/`);
  await page.getByLabel('Email').fill(credentials.email);
  await page.getByLabel('Password', { exact: true }).fill(credentials.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await waitForSignedIn(page);
}
