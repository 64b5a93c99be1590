/**
 * Issue 11, Knowledge: a manager makes a datastore, drops a PDF and a DOCX on it together (each with
 * its progress bar), sees them read (ready, with page and passage counts), opens a document's
 * passages by page, deletes a document after a confirmation, uploads with the keyboard only through
 * the file button, and keeps definitions. A document named with markup shows as text. Support staff
 * get no entry (UI and API: 403). Real server, real Chromium.
 */
import { Document, Packer, Paragraph } from 'docx';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { consoleRequest, createOperator } from './support/console.js';
import { expectAccessibleInBothThemes, expectInert, signedInPage, xssName } from './support/console-pages.js';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';

const owner = { email: 'owner@example.com', password: 'a long owner password 42' };
const fact = 'Laptops can be returned within 45 days of delivery.';
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

/** A three-page PDF whose page 3 holds the fact. */
async function policyPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const text of [
    'Acme return policy. This document explains how returns work at Acme.',
    'Shipping: orders leave our warehouse within two business days.',
    `Electronics. ${fact} The laptop must include its charger.`,
  ]) {
    pdf.addPage([595, 842]).drawText(text, { x: 50, y: 780, size: 11, font });
  }
  return pdf.save();
}

async function giftCardsDocx(): Promise<Uint8Array> {
  const bytes = await Packer.toBuffer(
    new Document({
      sections: [{ children: [new Paragraph('Gift cards never expire and can be used online.')] }],
    }),
  );
  return new Uint8Array(bytes);
}

interface DroppedFile {
  name: string;
  type: string;
  base64: string;
}

/** Drops files on the drop zone as a user dragging them from their desktop would. */
async function dropFiles(page: Page, files: DroppedFile[]): Promise<void> {
  const dataTransfer = await page.evaluateHandle((given: DroppedFile[]) => {
    const transfer = new DataTransfer();
    for (const file of given) {
      const bytes = Uint8Array.from(atob(file.base64), (character) => character.charCodeAt(0));
      transfer.items.add(new File([bytes], file.name, { type: file.type }));
    }
    return transfer;
  }, files);
  const zone = page.locator('[data-drop-zone]');
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
}

function documentRow(page: Page, name: string) {
  return page.locator('tr[data-document-id]', { hasText: name });
}

// Browser tests on a machine shared with others: a minute each, well above their usual 3 to 8 s.
describe('Knowledge', { timeout: 60_000 }, () => {
  it('uploads a PDF and a DOCX together (and a broken PDF that fails with its reason), shows them read, their passages by page, and deletes one', async () => {
    const { context, page } = await signedInPage(browser, parley.url, owner);
    try {
      await page.goto(`${parley.url}/console/`);
      const navigation = page.getByRole('navigation', { name: 'Main' });
      await navigation.getByRole('link', { name: 'Knowledge' }).click();
      await page.getByRole('heading', { level: 1, name: 'Knowledge' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/console/knowledge');

      await page.getByLabel('Name', { exact: true }).first().fill('Returns and gifts');
      await page.getByRole('button', { name: 'Make datastore' }).click();
      await page.getByText('Datastore “Returns and gifts” was made.').waitFor();
      await expectAccessibleInBothThemes(page, 'console-knowledge-page', 'knowledge page');
      await page.getByRole('link', { name: 'Returns and gifts' }).click();
      await page.getByRole('heading', { level: 1, name: 'Returns and gifts' }).waitFor();
      const datastoreId = decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1) ?? '');
      expect(datastoreId).toMatch(/^ds_/);

      await dropFiles(page, [
        {
          name: 'return-policy.pdf',
          type: 'application/pdf',
          base64: Buffer.from(await policyPdf()).toString('base64'),
        },
        {
          name: 'gift-cards.docx',
          type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
          base64: Buffer.from(await giftCardsDocx()).toString('base64'),
        },
        {
          name: 'broken.pdf',
          type: 'application/pdf',
          base64: Buffer.from('%PDF-1.7\n1 0 obj << broken').toString('base64'),
        },
      ]);
      // Each file has its own progress bar, full once sent.
      for (const name of ['return-policy.pdf', 'gift-cards.docx']) {
        const bar = page.getByRole('progressbar', { name: `Uploading ${name}` });
        await bar.waitFor();
        await expect.poll(() => bar.evaluate((element) => (element as HTMLProgressElement).value)).toBe(1);
      }

      // Then the documents are read: ready, with their page and passage counts.
      const pdfRow = documentRow(page, 'return-policy.pdf');
      const docxRow = documentRow(page, 'gift-cards.docx');
      await pdfRow.locator('[data-status="ready"]').waitFor({ timeout: 20_000 });
      await docxRow.locator('[data-status="ready"]').waitFor({ timeout: 20_000 });
      const cells = async (row: typeof pdfRow) =>
        (await row.locator('td').allTextContents()).map((cell) => cell.trim());
      expect((await cells(pdfRow)).slice(1, 3)).toEqual(['Ready', '3']);
      expect((await cells(docxRow)).slice(1, 3)).toEqual(['Ready', '1']);
      expect(Number((await cells(pdfRow))[3])).toBeGreaterThanOrEqual(3);
      await page.getByText(/return-policy\.pdf is ready: 3 pages/).waitFor();
      // A file that cannot be read ends failed, with the reason.
      const brokenStatus = documentRow(page, 'broken.pdf').locator('[data-status="failed"]');
      await brokenStatus.waitFor({ timeout: 20_000 });
      const stored = (await (
        await parley.request('GET', `/v1/datastores/${datastoreId}/documents?limit=100`)
      ).json()) as { data: { name: string; error: string | null }[] };
      const reason = stored.data.find((document) => document.name === 'broken.pdf')?.error ?? '';
      expect(reason).not.toBe('');
      expect((await brokenStatus.textContent())?.trim()).toBe(`Failed: ${reason}`);
      // Each upload's own line ends where its document did (it does not stay at "Sent").
      const uploadLine = (name: string) => page.locator(`[data-upload="${name}"]`);
      await expect.poll(() => uploadLine('return-policy.pdf').textContent()).toContain('Ready');
      await expect.poll(() => uploadLine('gift-cards.docx').textContent()).toContain('Ready');
      await expect.poll(() => uploadLine('broken.pdf').textContent()).toContain(`Failed: ${reason}`);

      // The passages of the PDF, grouped by page.
      await pdfRow.getByRole('button', { name: 'Show the passages of return-policy.pdf' }).click();
      const preview = page.locator('console-passage-preview');
      await preview.getByRole('heading', { name: 'Passages of return-policy.pdf' }).waitFor();
      // The title shows at once; the passages when they have loaded (slower on PostgreSQL).
      await expect
        .poll(() => preview.getByRole('heading', { level: 4 }).allTextContents())
        .toEqual(['Page 1', 'Page 2', 'Page 3']);
      expect(await preview.locator('[data-page="3"] blockquote').textContent()).toContain(fact);
      await expectAccessibleInBothThemes(page, 'console-knowledge-page', 'datastore with passages');

      // The API behind the preview: passages in reading order, a page of them at a time by cursor.
      const pdfId = await pdfRow.getAttribute('data-document-id');
      const pages: number[] = [];
      let cursor: string | null = null;
      do {
        const response = await parley.request(
          'GET',
          `/v1/datastores/${datastoreId}/documents/${pdfId}/passages?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        expect(response.status).toBe(200);
        const listed = (await response.json()) as {
          data: { page_number: number; text: string; section: string | null }[];
          has_more: boolean;
          next_cursor: string | null;
        };
        expect(listed.data).toHaveLength(1);
        pages.push(...listed.data.map((passage) => passage.page_number));
        cursor = listed.has_more ? listed.next_cursor : null;
      } while (cursor);
      expect(pages).toEqual([...pages].sort((left, right) => left - right));
      expect(new Set(pages)).toEqual(new Set([1, 2, 3]));
      expect(
        (
          await parley.request(
            'GET',
            `/v1/datastores/${datastoreId}/documents/doc_missing0000000000/passages`,
          )
        ).status,
      ).toBe(404);

      // A document named with markup shows as text.
      const named = await parley.request('POST', `/v1/datastores/${datastoreId}/documents`, {
        name: xssName,
        text: 'Nothing to see here.',
      });
      expect(named.status).toBe(201);
      await page.reload();
      await documentRow(page, xssName).locator('[data-status="ready"]').waitFor();
      await expectInert(page);

      // Delete the DOCX: cancelling keeps it, confirming removes it.
      await docxRow.getByRole('button', { name: 'Delete gift-cards.docx' }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete “gift-cards.docx”?' });
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'hidden' });
      expect(await docxRow.count()).toBe(1);
      const docxId = await docxRow.getAttribute('data-document-id');
      await docxRow.getByRole('button', { name: 'Delete gift-cards.docx' }).click();
      await dialog.getByRole('button', { name: 'Delete document' }).click();
      await page.getByText('“gift-cards.docx” was deleted.').waitFor();
      await expect.poll(() => docxRow.count()).toBe(0);
      expect((await parley.request('GET', `/v1/datastores/${datastoreId}/documents/${docxId}`)).status).toBe(
        404,
      );
    } finally {
      await context.close();
    }
  });

  it('uploads with the keyboard only, through the Choose files button', async () => {
    const made = await parley.request('POST', '/v1/datastores', { name: 'Keyboard store' });
    const datastoreId = ((await made.json()) as { id: string }).id;
    const { context, page } = await signedInPage(browser, parley.url, owner, { width: 390 });
    try {
      await page.goto(`${parley.url}/console/knowledge/${datastoreId}`);
      await page.getByRole('heading', { level: 1, name: 'Keyboard store' }).waitFor();
      // Listening for the file picker from the start (Playwright then intercepts it instead of the system's).
      const chooserOpened = page.waitForEvent('filechooser');
      // Tab from the page's start until the button has the focus, then Enter opens the file picker.
      const button = page.getByRole('button', { name: 'Choose files' });
      let focused = false;
      for (let presses = 0; presses < 40 && !focused; presses += 1) {
        await page.keyboard.press('Tab');
        focused = await button.evaluate((element) => {
          let active = document.activeElement;
          while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
          return active === element;
        });
      }
      expect(focused).toBe(true);
      await page.keyboard.press('Enter');
      const chooser = await chooserOpened;
      expect(chooser.isMultiple()).toBe(true);
      await chooser.setFiles([
        {
          name: 'shipping.md',
          mimeType: 'text/markdown',
          buffer: Buffer.from('# Shipping\n\nWe ship in 2 days.'),
        },
        { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Open every day from 9 to 5.') },
      ]);
      for (const name of ['shipping.md', 'notes.txt'])
        await documentRow(page, name).locator('[data-status="ready"]').waitFor({ timeout: 20_000 });
      await expectAccessibleInBothThemes(page, 'console-knowledge-page', 'datastore at 390 px');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

      // Back to the list, which counts them; deleting the datastore asks first.
      await page.getByRole('link', { name: 'All datastores' }).click();
      const row = page.locator('tr[data-datastore-id]', { hasText: 'Keyboard store' });
      await expect.poll(async () => (await row.textContent()) ?? '').toContain('2 documents');
      await row.getByRole('button', { name: 'Delete datastore Keyboard store' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Delete datastore' }).click();
      await page.getByText('Datastore “Keyboard store” was deleted.').waitFor();
      expect((await parley.request('GET', `/v1/datastores/${datastoreId}`)).status).toBe(404);
    } finally {
      await context.close();
    }
  });

  it('makes a datastore public with a checkbox that says what it does, and private again', async () => {
    const made = await parley.request('POST', '/v1/datastores', { name: 'Public store' });
    const datastoreId = ((await made.json()) as { id: string; public: boolean }).id;
    const { context, page } = await signedInPage(browser, parley.url, owner);
    try {
      await page.goto(`${parley.url}/console/knowledge/${datastoreId}`);
      const box = page.getByRole('checkbox', { name: 'Visitors may open the original files' });
      await box.waitFor();
      expect(await box.isChecked()).toBe(false);
      // Its explanation is its description, for screen readers too.
      const help = await box.evaluate((element) => {
        const id = element.getAttribute('aria-describedby') ?? '';
        return (element.getRootNode() as ShadowRoot).getElementById(id)?.textContent ?? '';
      });
      expect(help).toContain('links to the original file of a cited document');
      expect(help).toContain('uploaded before stay closed until uploaded again');

      await box.check();
      await page.getByText('Visitors may now open the original files').waitFor();
      const opened = (await (await parley.request('GET', `/v1/datastores/${datastoreId}`)).json()) as {
        public: boolean;
      };
      expect(opened.public).toBe(true);
      await page.reload();
      await box.waitFor();
      expect(await box.isChecked()).toBe(true);
      await expectAccessibleInBothThemes(page, 'console-knowledge-page', 'public datastore');

      await box.uncheck();
      await page.getByText('Visitors can no longer open the original files.').waitFor();
      const closed = (await (await parley.request('GET', `/v1/datastores/${datastoreId}`)).json()) as {
        public: boolean;
      };
      expect(closed.public).toBe(false);
    } finally {
      await context.close();
    }
  });

  it('adds and deletes a definition', async () => {
    const { context, page } = await signedInPage(browser, parley.url, owner);
    try {
      await page.goto(`${parley.url}/console/knowledge`);
      const definitions = page.locator('console-definitions');
      await definitions.getByRole('heading', { name: 'Definitions' }).waitFor();
      await definitions.getByLabel('Name').fill(xssName);
      await definitions.getByText('Term', { exact: true }).click();
      await definitions.getByLabel('Content').fill('Return Merchandise Authorization: our return number.');
      await definitions.getByLabel('Aliases (optional, one a line)').fill('RMA\nreturn number');
      await definitions.getByRole('button', { name: 'Add definition' }).click();
      await definitions.getByText(`Definition “${xssName}” was added.`).waitFor();
      const listed = (await (await parley.request('GET', '/v1/definitions')).json()) as {
        data: { name: string; type: string; aliases: string[] }[];
      };
      expect(listed.data.find((definition) => definition.name === xssName)).toMatchObject({
        type: 'term',
        aliases: ['RMA', 'return number'],
      });
      await expectInert(page);
      await expectAccessibleInBothThemes(page, 'console-knowledge-page', 'definitions');
      await definitions.getByRole('button', { name: `Delete definition ${xssName}` }).click();
      await definitions.getByRole('dialog').getByRole('button', { name: 'Delete definition' }).click();
      await definitions.getByText(`Definition “${xssName}” was deleted.`).waitFor();
      const after = (await (await parley.request('GET', '/v1/definitions')).json()) as {
        data: { name: string }[];
      };
      expect(after.data.some((definition) => definition.name === xssName)).toBe(false);
    } finally {
      await context.close();
    }
  });

  it('support staff see no Knowledge or Apps, and the API refuses them', async () => {
    const agent = await createOperator(parley, { role: 'agent' });
    const { context, page } = await signedInPage(browser, parley.url, agent);
    try {
      await page.goto(`${parley.url}/console/`);
      const navigation = page.getByRole('navigation', { name: 'Main' });
      await navigation.getByRole('link', { name: 'Conversations' }).waitFor();
      for (const name of ['Knowledge', 'Apps'])
        expect(await navigation.getByRole('link', { name }).count()).toBe(0);
      for (const path of ['knowledge', 'apps']) {
        await page.goto(`${parley.url}/console/${path}`);
        await page.getByText('Your role cannot open this page.').waitFor();
      }
    } finally {
      await context.close();
    }
    const made = await parley.request('POST', '/v1/datastores', { name: 'Staff cannot see' });
    const datastoreId = ((await made.json()) as { id: string }).id;
    const document = await parley.request('POST', `/v1/datastores/${datastoreId}/documents`, {
      name: 'a.txt',
      text: 'Hello',
    });
    const documentId = ((await document.json()) as { id: string }).id;
    for (const pathname of [
      '/v1/datastores',
      `/v1/datastores/${datastoreId}/documents`,
      `/v1/datastores/${datastoreId}/documents/${documentId}/passages`,
      '/v1/definitions',
      '/v1/apps',
    ]) {
      const response = await consoleRequest(parley.url, agent.cookie, 'GET', pathname);
      expect(response.status, pathname).toBe(403);
    }
    const upload = await consoleRequest(parley.url, agent.cookie, 'POST', '/v1/datastores', { name: 'x' });
    expect(upload.status).toBe(403);
  });
});
