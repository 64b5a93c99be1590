/**
 * The source viewer, `widget/sources.js`: loaded by the chat only when a `[n]` marker or a source's name
 * is pressed. A modal `<dialog>` (focus moves in, Escape closes, focus goes back to what opened it)
 * with the document's name, its page (and section), and the page's text around the cited excerpt,
 * the excerpt highlighted (`<mark>`). Plain DOM, no Lit; every text is set with `textContent` (a
 * document's name or text with markup stays text). Its styles are adopted by the chat's shadow root
 * (no inline styles: it runs under a strict CSP). Its own texts are English, replaced by the chat's
 * `strings` (`data-strings`) when given; the page reads "page {page}" in the chat's language.
 */

/** What the chat hands over: itself (its shadow root, texts and credential), the button pressed, the thread, its socket. */
interface SourcesHost extends HTMLElement {
  readonly renderRoot: ShadowRoot;
  readonly text: Record<string, string>;
  readonly key: string;
  readonly token: string;
  readonly server: string;
}

interface Connection {
  request(event: string, payload: object, timeoutMs?: number): Promise<SourceAnswer>;
}

/** The acknowledgement of the socket's `citation` message. */
interface SourceAnswer {
  ok: boolean;
  citation?: {
    document_name: string;
    page_number: number;
    section?: string;
    before: string;
    excerpt: string;
    after: string;
    /** The original file, when the operator made the datastore public. */
    original: { url: string; content_type: string } | null;
  };
}

/** The viewer's own texts (English); the chat's `strings` replace them. */
const english = {
  closeSource: 'Close',
  loadingSource: 'Loading the source…',
  openOriginal: 'Open the original (page {page})',
  openOriginalFile: 'Open the original',
};

/** The server the chat's modules come from (this module is `{server}/widget/sources.js`). */
const moduleServer = new URL(/* @vite-ignore */ '../', import.meta.url).href;

const css = `
.source{width:min(560px,calc(100vw - 32px));max-height:min(80vh,640px);padding:0;border:1px solid var(--parley-border,var(--_border));border-radius:12px;background:var(--parley-background,var(--_background));color:var(--parley-text,var(--_text));box-shadow:0 12px 40px rgb(0 0 0 / 30%)}
.source::backdrop{background:rgb(0 0 0 / 40%)}
.source>div{display:flex;flex-direction:column;max-height:inherit}
.source .top{display:flex;gap:12px;align-items:flex-start;padding:16px 16px 8px;border-bottom:1px solid var(--parley-border,var(--_border))}
.source h2{margin:0;font-size:1.05em;overflow-wrap:anywhere}
.source .top p{margin:4px 0 0;color:var(--_muted)}
.source .top>div{flex:1;min-width:0}
.source button{flex:none;min-height:44px;padding:0 16px;font:inherit;font-weight:600;border:0;border-radius:10px;background:var(--_accent);color:var(--_accent-text);cursor:pointer}
.source .passage{margin:0;padding:12px 16px 16px;overflow:auto;white-space:pre-wrap;overflow-wrap:anywhere;line-height:1.5}
.source .original{margin:0;padding:0 16px 16px}
.source .original a{color:var(--parley-link,var(--_accent));font-weight:600}
.source mark{background:var(--parley-highlight,#fde68a);color:#1f2937;border-radius:3px}
`;

let sheet: CSSStyleSheet | undefined;

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  properties: Partial<HTMLElementTagNameMap[K]> = {},
  attributes: Record<string, string> = {},
): HTMLElementTagNameMap[K] {
  const created = Object.assign(document.createElement(tag), properties);
  for (const [name, value] of Object.entries(attributes)) created.setAttribute(name, value);
  return created;
}

/** Opens the viewer on source `data-n` of the answer holding `cite` (`data-id`). */
export default async function showSource(
  host: SourcesHost,
  cite: HTMLElement,
  thread: Record<string, string>,
  connection: Connection,
): Promise<void> {
  const text: Record<string, string> = { ...english, ...host.text };
  const root = host.renderRoot;
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
  }
  if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  const messageId = cite.closest<HTMLElement>('[data-id]')?.dataset.id;
  if (!messageId) return;
  root.querySelector('.source')?.remove();

  const title = element('h2', { id: 'parley-source-title', textContent: cite.textContent ?? '' });
  const where = element('p');
  const passage = element('p', { className: 'passage', textContent: text.loadingSource }, { dir: 'auto' });
  const close = element(
    'button',
    { type: 'button', textContent: text.closeSource },
    { part: 'source-close' },
  );
  const heading = element('div');
  heading.append(title, where);
  // Not a `header`: the chat's own header styles would apply.
  const header = element('div', { className: 'top' });
  header.append(heading, close);
  const body = element('div');
  body.append(header, passage);
  const dialog = element(
    'dialog',
    { className: 'source' },
    { part: 'source-viewer', 'aria-labelledby': title.id, 'aria-describedby': 'parley-source-where' },
  );
  where.id = 'parley-source-where';
  dialog.append(body);
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    dialog.remove();
    cite.focus();
  });
  // A click on the backdrop (outside the box) closes it too.
  dialog.addEventListener('click', (clicked) => {
    if (clicked.target === dialog) dialog.close();
  });
  root.append(dialog);
  dialog.showModal();
  close.focus();

  const answer = await connection.request(
    'citation',
    { ...thread, message_id: messageId, n: Number(cite.dataset.n) },
    8_000,
  );
  const source = answer.citation;
  if (!answer.ok || !source) {
    passage.textContent = text.errorGeneric ?? '';
    return;
  }
  title.textContent = source.document_name;
  const page = (text.page ?? 'page {page}').replace('{page}', String(source.page_number));
  where.textContent = source.section ? `${source.section} — ${page}` : page;
  passage.replaceChildren(source.before, element('mark', { textContent: source.excerpt }), source.after);
  const original = source.original;
  if (!original) return;
  // A link opened in a new tab cannot send the key as a header: it goes in the query (as the share link's token).
  const link = new URL(original.url, host.server || moduleServer);
  link.searchParams.set('key', host.token || host.key);
  const pdf = original.content_type === 'application/pdf';
  if (pdf) link.hash = `page=${source.page_number}`;
  const anchor = element(
    'a',
    {
      href: link.href,
      target: '_blank',
      rel: 'noopener noreferrer',
      textContent: pdf
        ? (text.openOriginal ?? '').replace('{page}', String(source.page_number))
        : text.openOriginalFile,
    },
    { part: 'source-original' },
  );
  const footer = element('p', { className: 'original' });
  footer.append(anchor);
  body.append(footer);
}
