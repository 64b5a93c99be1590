import { html, LitElement } from 'lit';
import { consoleHref } from '../../router.js';
import type { Operator } from '../../session.js';
import { format, strings } from '../../strings/index.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { mayOpen, pages } from '../registry.js';

/** The first page after sign-in: who you are and the pages your role opens. */
export class ConsoleHomePage extends LitElement {
  static override styles = [sharedStyles];
  static override properties = { operator: { attribute: false } };

  declare operator: Operator | null;

  constructor() {
    super();
    this.operator = null;
  }

  override render() {
    const operator = this.operator;
    if (!operator) return null;
    const reachable = pages.filter(
      (page) => page.path !== 'home' && page.inNavigation && mayOpen(page, operator.role),
    );
    return html`
      <h1>${format(strings.shell.homeTitle, { name: operator.name })}</h1>
      <p class="muted">${strings.shell.homeIntro}</p>
      <ul>
        ${reachable.map(
          (page) =>
            html`<li><a href=${consoleHref(page.path)}>${page.group ? `${page.group} → ` : ''}${page.label}</a></li>`,
        )}
      </ul>
    `;
  }
}

if (!customElements.get('console-home-page')) customElements.define('console-home-page', ConsoleHomePage);

declare global {
  interface HTMLElementTagNameMap {
    'console-home-page': ConsoleHomePage;
  }
}
