/**
 * Issue 4 acceptance, in Chromium: whatever a user, a model, a document, a person or the host page's
 * metadata writes, the widget shows it as text. The pages are the demo shop served from a website
 * of its own (another origin) without the demo's strict Content-Security-Policy, as most host sites
 * are: there, injected markup would run, so only the widget's rendering stands in the way (the
 * loader's reply preview included, issue 13). A hook on `window.__pwned` would report any payload
 * that ran (it is shown to fire on the same markup put into the page as HTML); links are kept only
 * for http(s) and mailto, opening in a new tab without access to the page. Markdown that should
 * render (a list, a table, a code block, a link) does.
 */
import { readFile } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  answerQuestions,
  bubble,
  chat,
  messages,
  openChat,
  storedThread,
  type TestWindow,
  typeAndSend,
  useWidgetBrowser,
  waitForAnswer,
  waitForReady,
} from './support/widget-page.js';

const imgPayload = '<img src=x onerror="window.__pwned=1">';
const scriptPayload = '<script>window.__pwned=1</script>';
const markdownLinkPayload = '[click](javascript:window.__pwned=1)';
const anchorPayload = '<a href="javascript:window.__pwned=1">tap</a>';
const payloads = [imgPayload, scriptPayload, markdownLinkPayload, anchorPayload];

/** More ways in, for a model's answer: odd casing, images, SVG and frames, data: links, autolinks. */
const moreModelPayloads = [
  '[upper](JaVaScRiPt:window.__pwned=1)',
  '![pic](javascript:window.__pwned=1)',
  '[data](data:text/html,<script>window.__pwned=1</script>)',
  '<svg onload="window.__pwned=1"></svg>',
  '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
  '<details open ontoggle="window.__pwned=1">x</details>',
  '<javascript:window.__pwned=1>',
];

interface PwnedWitness {
  /** Every value a payload assigned to `window.__pwned`, in any page of the context. */
  attempts: string[];
  dialogs: string[];
}

/** Installs the hook that would fire: `window.__pwned` reports every assignment to the test. */
async function watchForPwned(context: BrowserContext): Promise<PwnedWitness> {
  const witness: PwnedWitness = { attempts: [], dialogs: [] };
  await context.exposeBinding('__reportPwned', (_source, value: string) => {
    witness.attempts.push(value);
  });
  await context.addInitScript(() => {
    let value: unknown;
    Object.defineProperty(window, '__pwned', {
      configurable: false,
      get: () => value,
      set: (next: unknown) => {
        value = next;
        (window as TestWindow).__reportPwned?.(String(next));
      },
    });
  });
  context.on('page', (page) => page.on('dialog', (dialog) => void witness.dialogs.push(dialog.message())));
  return witness;
}

/** What in the chat's shadow tree could run script or leave the page: none may be there. */
async function dangerousMarkup(page: Page) {
  return page.evaluate(() => {
    const root = document.querySelector('parley-chat')?.shadowRoot;
    const elements = Array.from(root?.querySelectorAll('*') ?? []);
    return {
      handlers: elements.flatMap((element) =>
        element
          .getAttributeNames()
          .filter((name) => name.startsWith('on'))
          .map((name) => `${element.localName}[${name}]`),
      ),
      elements: elements
        .filter((element) =>
          ['script', 'iframe', 'img', 'object', 'embed', 'details'].includes(element.localName),
        )
        .map((element) => element.outerHTML),
      links: elements
        .filter((element) => element.localName === 'a')
        .map((element) => ({
          href: element.getAttribute('href') ?? '',
          target: element.getAttribute('target'),
          rel: element.getAttribute('rel') ?? '',
        })),
    };
  });
}

async function expectNothingRan(page: Page, witness: PwnedWitness): Promise<void> {
  const found = await dangerousMarkup(page);
  expect(found.handlers).toEqual([]);
  expect(found.elements).toEqual([]);
  for (const link of found.links) {
    expect(link.href).toMatch(/^(https?:|mailto:)/);
    expect(link.target).toBe('_blank');
    expect(link.rel.split(/\s+/)).toEqual(expect.arrayContaining(['noopener', 'noreferrer']));
  }
  expect(await page.evaluate(() => (window as TestWindow).__pwned)).toBeUndefined();
  expect(witness.attempts).toEqual([]);
  expect(witness.dialogs).toEqual([]);
}

describe('widget acceptance: no markup or script gets in', () => {
  const fixture = useWidgetBrowser({ parley: { model: 'openai' }, hostSite: true });
  let witness: PwnedWitness;
  let appId: string;
  let plainShop: string;

  beforeAll(async () => {
    appId = fixture.parley.running.demo.appId;
    plainShop = await fixture.site.demo('/shop');
  });

  async function newPage(): Promise<Page> {
    const context = await fixture.newVisitor();
    witness = await watchForPwned(context);
    return context.newPage();
  }

  it('the hook fires when the same payloads are put into a page as HTML (so it would catch them)', async () => {
    const page = await newPage();
    await page.goto(plainShop);
    await page.evaluate(
      ([markup]) => {
        const host = document.createElement('div');
        host.innerHTML = markup as string;
        document.body.append(host);
      },
      [imgPayload],
    );
    await expect.poll(() => witness.attempts.length).toBe(1);
    expect(await page.evaluate(() => (window as TestWindow).__pwned)).toBe(1);
    // And a javascript: link, once clicked.
    await page.evaluate(() => {
      const link = document.createElement('a');
      link.href = 'javascript:window.__pwned=2';
      link.textContent = 'control link';
      document.body.prepend(link);
    });
    await page.getByText('control link').click();
    await expect.poll(() => witness.attempts).toEqual(['1', '2']);
  });

  it("a user's message and a model's answer with markup and javascript: links render as text", async () => {
    const page = await newPage();
    await page.goto(plainShop);
    await openChat(page);
    await waitForReady(page);
    const message = payloads.join('\n');
    // The test model echoes the message back ("Echo: …"), as a model quoting the user would.
    await typeAndSend(page, message);
    const echoed = await waitForAnswer(page);

    expect(await bubble(messages(page, 'user').first()).textContent()).toBe(message);
    expect(echoed).toContain(imgPayload);
    expect(echoed).toContain(scriptPayload);
    expect(echoed).toContain('click');
    expect(echoed).toContain(anchorPayload);

    answerQuestions(fixture.parley, {
      'Show me everything': {
        content: [
          'Here is what I found:',
          '',
          '- first item',
          '- second item',
          '',
          '| Product | Days |',
          '|---|---|',
          '| Laptop | 45 |',
          '',
          '```html',
          '<script>window.__pwned=1</script>',
          '```',
          '',
          'See [the policy](https://example.com/returns) or [mail us](mailto:help@example.com).',
          '',
          ...payloads,
          '',
          ...moreModelPayloads.flatMap((payload) => [payload, '']),
        ].join('\n'),
      },
    });
    await typeAndSend(page, 'Show me everything');
    await waitForAnswer(page, 2);
    const answer = messages(page, 'assistant').nth(1);

    // Markdown that should render does.
    expect(await answer.locator('ul > li').allTextContents()).toEqual(['first item', 'second item']);
    expect(await answer.locator('table th').allTextContents()).toEqual(['Product', 'Days']);
    expect(await answer.locator('table td').allTextContents()).toEqual(['Laptop', '45']);
    expect(await answer.locator('pre code').textContent()).toBe('<script>window.__pwned=1</script>');
    const policy = answer.getByRole('link', { name: 'the policy' });
    expect(await policy.getAttribute('href')).toBe('https://example.com/returns');
    expect(await policy.getAttribute('target')).toBe('_blank');
    expect(await policy.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await answer.getByRole('link', { name: 'mail us' }).getAttribute('href')).toBe(
      'mailto:help@example.com',
    );
    // The rest shows as the text it is; the javascript:/data: links are plain words.
    const shown = (await bubble(answer).textContent()) ?? '';
    for (const text of [imgPayload, scriptPayload, anchorPayload, '<svg onload="window.__pwned=1"></svg>']) {
      expect(shown).toContain(text);
    }
    for (const word of ['click', 'upper', 'pic', 'data']) expect(shown).toContain(word);
    expect(await answer.getByRole('link').count()).toBe(2);

    await expectNothingRan(page, witness);
  });

  it('a document whose name and text hold markup is cited as text', async () => {
    const agent = await (
      await fixture.parley.request('GET', `/v1/agents/${fixture.parley.running.demo.agentId}`)
    ).json();
    const datastoreId = agent.datastores[0] as string;
    const documentName = `${imgPayload}${scriptPayload}.txt`;
    const upload = await fixture.parley.request('POST', `/v1/datastores/${datastoreId}/documents`, {
      name: documentName,
      text: `Flamingo gift cards ${imgPayload} never expire ${scriptPayload} and can be used on flamingo orders ${anchorPayload}.`,
    });
    expect(upload.status).toBe(201);
    await fixture.parley.running.engine.documents.settled();

    const page = await newPage();
    await page.goto(plainShop);
    await openChat(page);
    await waitForReady(page);
    answerQuestions(fixture.parley, {
      'Do flamingo gift cards expire?': { content: 'Flamingo gift cards never expire [1] [2] [3].' },
    });
    await typeAndSend(page, 'Do flamingo gift cards expire?');
    await waitForAnswer(page);

    const cited = messages(page, 'assistant').first().locator('[part~="citation"]');
    await expect.poll(() => cited.count()).toBeGreaterThan(0);
    const names = await messages(page, 'assistant')
      .first()
      .locator('[part~="citation-document"]')
      .allTextContents();
    expect(names).toContain(documentName);
    const excerpts = await messages(page, 'assistant')
      .first()
      .locator('[part~="citation-excerpt"]')
      .allTextContents();
    expect(excerpts.join('\n')).toContain(imgPayload);
    await expectNothingRan(page, witness);
  });

  it("a person's message and author name with markup show as text, live", async () => {
    const page = await newPage();
    await page.goto(plainShop);
    await openChat(page);
    await waitForReady(page);
    await typeAndSend(page, 'I need help with an order');
    await waitForAnswer(page);
    await chat(page).getByRole('button', { name: 'Talk to a person' }).click();
    await messages(page, 'notice').first().waitFor();
    const sessionId = (await storedThread(page, appId))?.session_id ?? '';

    const author = `Sam ${imgPayload}`;
    const content = payloads.join('\n\n');
    const posted = await fixture.parley.request('POST', `/v1/apps/${appId}/sessions/${sessionId}/messages`, {
      role: 'human_agent',
      content,
      author,
    });
    expect(posted.status).toBe(201);
    const human = messages(page, 'human_agent').first();
    await human.waitFor();
    expect(await human.locator('[part~="author"]').textContent()).toContain(author);
    const shown = (await bubble(human).textContent()) ?? '';
    for (const text of [imgPayload, scriptPayload, 'click', anchorPayload]) expect(shown).toContain(text);
    await expectNothingRan(page, witness);
  });

  it("a person's reply and author name with markup show as text in the loader's preview (the chat closed, another page)", async () => {
    const page = await newPage();
    await page.goto(plainShop);
    await openChat(page);
    await waitForReady(page);
    await typeAndSend(page, 'Where is my order?');
    await waitForAnswer(page);
    await chat(page).getByRole('button', { name: 'Talk to a person' }).click();
    await messages(page, 'notice').first().waitFor();
    const sessionId = (await storedThread(page, appId))?.session_id ?? '';
    await chat(page).getByRole('button', { name: 'Close chat' }).click();
    // Another page: the loader's notifier follows the session (its stream answers once it follows).
    const following = page.waitForResponse((response) => response.url().includes('/notifications'));
    await page.goto(await fixture.site.demo('/shop/elsewhere'));
    expect((await following).status()).toBe(200);
    const preview = page.locator('[data-parley-preview]').locator('[part="preview"]');

    const author = `Sam ${imgPayload}`;
    const content = `${scriptPayload} ${imgPayload} ${anchorPayload}`;
    const posted = await fixture.parley.request('POST', `/v1/apps/${appId}/sessions/${sessionId}/messages`, {
      role: 'human_agent',
      content,
      author,
    });
    expect(posted.status).toBe(201);
    await expect.poll(() => preview.locator('p').textContent()).toBe(content);
    expect(await preview.locator('strong').textContent()).toBe(author);
    expect(await page.locator('parley-launcher').getByRole('button').getAttribute('aria-label')).toBe(
      `Open chat, 1 unread message from ${author}`,
    );
    const inside = await page.evaluate(() =>
      Array.from(
        document.querySelector('[data-parley-preview]')?.shadowRoot?.querySelectorAll('*') ?? [],
      ).map((element) => element.localName),
    );
    expect(inside).toEqual(['div', 'strong', 'p']);
    // The chat was not loaded: the preview is the loader's alone.
    expect(await page.locator('parley-chat').count()).toBe(0);
    expect(await page.evaluate(() => (window as TestWindow).__pwned)).toBeUndefined();
    expect(witness.attempts).toEqual([]);
    expect(witness.dialogs).toEqual([]);
  });

  it('metadata, title, subtitle and texts from the host page with markup show as text', async () => {
    const page = await newPage();
    const name = `${imgPayload} ${markdownLinkPayload}`;
    await page.goto(
      await fixture.site.demo('/shop-with-markup', {
        script: {
          'data-metadata': JSON.stringify({ userProfile: { name } }),
          'data-title': `Shop ${scriptPayload}`,
          'data-subtitle': anchorPayload,
          'data-strings': JSON.stringify({
            placeholder: imgPayload,
            talkToPerson: anchorPayload,
            justNow: scriptPayload,
            newConversation: imgPayload,
          }),
          // A CSS value, never markup: whatever it holds cannot run.
          'data-accent': '#ffcc00',
          'data-accent-text': `red; background: url(javascript:alert(1)) ${scriptPayload}`,
        },
      }),
    );
    await openChat(page);
    await waitForReady(page);

    const greeting = chat(page).locator('[part~="greeting"]');
    await expect.poll(async () => greeting.textContent()).toContain(imgPayload);
    expect(await greeting.textContent()).toContain('Hi');
    expect(await chat(page).locator('[part~="title"]').textContent()).toBe(`Shop ${scriptPayload}`);
    expect(await chat(page).locator('[part~="subtitle"]').textContent()).toBe(anchorPayload);
    expect(await chat(page).getByLabel('Your message').getAttribute('placeholder')).toBe(imgPayload);

    // setMetadata from the host page: the greeting is rendered again with the new name, as text.
    await page.evaluate(
      (value) => (window as TestWindow).Parley?.setMetadata({ userProfile: { name: value } }),
      scriptPayload,
    );
    await expect.poll(async () => greeting.textContent()).toContain(scriptPayload);
    await typeAndSend(page, 'Hello there');
    await waitForAnswer(page);
    const escalate = chat(page).locator('[part~="escalate-button"]');
    expect(await escalate.textContent()).toContain(anchorPayload);
    // Issue 13's texts: a message's time and "New conversation" show them as text.
    expect(await messages(page, 'user').first().locator('time').textContent()).toBe(scriptPayload);
    const restart = chat(page).locator('[part~="new-conversation-button"]');
    expect(await restart.getAttribute('aria-label')).toBe(imgPayload);
    await expectNothingRan(page, witness);
  });
});

describe("a public datastore's originals: an uploaded HTML page never runs on Parley's origin", () => {
  const fixture = useWidgetBrowser({ parley: { model: 'openai' } });

  it('is answered as a plain-text attachment, sandboxed and never sniffed: opened, it downloads and nothing runs', async () => {
    const { agentId, publishableKey } = fixture.parley.running.demo;
    const datastore = (await (
      await fixture.parley.request('POST', '/v1/datastores', { name: 'Public pages', public: true })
    ).json()) as { id: string };
    await fixture.parley.request('POST', `/v1/agents/${agentId}/datastores`, { datastore_id: datastore.id });
    const html = `<!doctype html><html><body onload="window.__pwned='onload'">${imgPayload}${scriptPayload}<p>Heron kites fly in light wind.</p></body></html>`;
    const uploaded = await fixture.parley.request('POST', `/v1/datastores/${datastore.id}/documents`, {
      name: 'heron.html',
      text: html,
    });
    expect(uploaded.status).toBe(201);
    const documentId = ((await uploaded.json()) as { id: string }).id;
    await fixture.parley.running.engine.documents.settled();
    const original = `${fixture.parley.url}/v1/datastores/${datastore.id}/documents/${documentId}/original?key=${publishableKey}`;

    const answered = await fetch(original);
    expect(answered.status).toBe(200);
    expect(answered.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(answered.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answered.headers.get('content-disposition')).toMatch(/^attachment; filename="heron\.html"/);
    expect(answered.headers.get('content-security-policy')).toMatch(/default-src 'none'; sandbox/);
    expect(await answered.text()).toBe(html);

    // Opened in the browser on Parley's own origin (the viewer's link), it is saved, never shown as a page.
    const context = await fixture.newVisitor({ acceptDownloads: true });
    const witness = await watchForPwned(context);
    const page = await context.newPage();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.goto(original).catch(() => undefined),
    ]);
    const saved = await download.path();
    expect(saved && (await readFile(saved, 'utf8'))).toBe(html);
    expect(download.suggestedFilename()).toBe('heron.html');
    // Framed by a page, it is refused too (frame-ancestors 'none').
    await page.goto(`${fixture.parley.url}/demo/`);
    await page.evaluate((address) => {
      const frame = document.createElement('iframe');
      frame.src = address;
      document.body.append(frame);
    }, original);
    await page.waitForTimeout(500);
    expect(witness.attempts).toEqual([]);
    expect(witness.dialogs).toEqual([]);
  });
});
