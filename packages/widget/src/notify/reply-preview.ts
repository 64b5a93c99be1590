import styles from './notify.styles.js';

/**
 * The last reply's author and first words, shown above the launcher while the chat is closed. Plain
 * DOM in a shadow root (styles adopted, no inline styles: it runs under a strict CSP); every text is
 * set with `textContent`, so a reply holding markup stays text. A status region: screen readers read
 * a new reply out. A click opens the chat.
 */
export class ReplyPreview {
  readonly #host = document.createElement('div');
  readonly #box = document.createElement('div');
  readonly #author = document.createElement('strong');
  readonly #text = document.createElement('p');

  constructor(position: string, open: () => void) {
    const root = this.#host.attachShadow({ mode: 'open' });
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(styles);
    root.adoptedStyleSheets = [sheet];
    this.#host.setAttribute('data-parley-preview', '');
    this.#host.dataset.position = position;
    this.#box.setAttribute('role', 'status');
    this.#box.setAttribute('part', 'preview');
    this.#box.hidden = true;
    this.#box.append(this.#author, this.#text);
    this.#box.addEventListener('click', open);
    root.append(this.#box);
    document.body.append(this.#host);
  }

  show(author: string, text: string): void {
    this.#author.textContent = author;
    this.#text.textContent = text;
    this.#box.hidden = false;
  }

  /** The language of the texts around the reply (the reply itself is the person's own words). */
  setLanguage(code: string): void {
    this.#host.lang = code;
  }

  remove(): void {
    this.#host.remove();
  }
}
