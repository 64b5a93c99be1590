import { formatString, launcherStrings } from '../strings/launcher-strings.js';
import styles from './launcher.styles.js';

const chatIcon = 'M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z';
const closeIcon = 'M6 6l12 12M18 6L6 18';
const svgNamespace = 'http://www.w3.org/2000/svg';

/**
 * `<parley-launcher>`: the round button that opens the chat, drawn by the
 * loader without Lit. Its accessible name says whether it opens or closes and
 * how many answers arrived unseen (also shown as a badge).
 *
 * @csspart launcher - The button.
 * @csspart badge - The unread count.
 */
export class ParleyLauncher extends HTMLElement {
  strings: Record<string, string> = launcherStrings;
  private readonly button: HTMLButtonElement;
  private readonly badge: HTMLSpanElement;
  private readonly icon: SVGPathElement;
  private expanded = false;
  /** Answers that arrived unseen (the badge); `widget/notify.js` sets it and draws again. */
  unread = 0;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(styles);
    root.adoptedStyleSheets = [sheet];
    this.button = document.createElement('button');
    this.button.type = 'button';
    this.button.setAttribute('part', 'launcher');
    const svg = document.createElementNS(svgNamespace, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    this.icon = document.createElementNS(svgNamespace, 'path');
    svg.append(this.icon);
    this.badge = document.createElement('span');
    this.badge.setAttribute('part', 'badge');
    this.badge.setAttribute('aria-hidden', 'true');
    this.button.append(svg, this.badge);
    root.append(this.button);
    this.render();
  }

  /** Drawn again once in the page: the loader sets `strings` (the host's texts) after construction. */
  connectedCallback(): void {
    this.render();
  }

  override focus(): void {
    this.button.focus();
  }

  setExpanded(expanded: boolean): void {
    this.expanded = expanded;
    if (expanded) this.unread = 0;
    this.render();
  }

  addUnread(): void {
    this.unread += 1;
    this.render();
  }

  render(): void {
    const label = this.expanded ? this.strings.closeChat : this.strings.openChat;
    const unread =
      this.unread > 0 ? `, ${formatString(this.strings.unread ?? '', { count: this.unread })}` : '';
    this.button.setAttribute('aria-label', `${label}${unread}`);
    this.button.setAttribute('aria-expanded', String(this.expanded));
    this.icon.setAttribute('d', this.expanded ? closeIcon : chatIcon);
    this.badge.textContent = String(this.unread);
    this.badge.hidden = this.unread === 0;
  }
}
