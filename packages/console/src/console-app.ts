import { html, LitElement, nothing } from 'lit';
import { ApiError, api, sessionEndedEvent } from './api.js';
import { renderNavigation } from './navigation.js';
import { mayOpen, type PageEntry, pageFor, signedOutPage } from './pages/registry.js';
import { currentPath, followConsoleLinks, navigate, onNavigate } from './router.js';
import { currentOperator, needsOwner, type Operator, signedInEvent } from './session.js';
import { shellStyles } from './shell.styles.js';
import { format, strings } from './strings/index.js';
import { sharedStyles } from './styles/shared.styles.js';
import { tokenStyles } from './styles/tokens.styles.js';
import { savedTheme, saveTheme, type ThemeChoice } from './theme.js';
import { setPageTitle } from './title.js';

type ShellState =
  | { kind: 'loading' }
  | { kind: 'unreachable' }
  | { kind: 'signed-out'; page: PageEntry | null; rest: string[] }
  | { kind: 'signed-in'; operator: Operator };

/** What the main area shows for the current path once signed in. */
type MainContent =
  | { kind: 'page'; page: PageEntry; element: HTMLElement }
  | { kind: 'message'; text: string; page: PageEntry | null };

const roleNames = {
  owner: strings.shell.roleOwner,
  admin: strings.shell.roleAdmin,
  agent: strings.shell.roleAgent,
};

/**
 * `<parley-console>`: the console's shell. It finds out who is signed in, shows the signed-out pages
 * (sign in, the first owner, an invite) or the navigation your role allows, and opens the page of the
 * current path, loading its code on first use.
 */
export class ParleyConsole extends LitElement {
  static override styles = [tokenStyles, sharedStyles, shellStyles];
  static override properties = {
    state: { state: true },
    content: { state: true },
    menuOpen: { state: true },
    theme: { reflect: true },
  };

  declare state: ShellState;
  declare content: MainContent | null;
  declare menuOpen: boolean;
  declare theme: ThemeChoice;
  private stopFollowing: (() => void) | null = null;
  private signedOutElement: { page: PageEntry; element: HTMLElement } | null = null;
  private readonly onSessionEnded = () => void this.showSignedOut();

  constructor() {
    super();
    this.state = { kind: 'loading' };
    this.content = null;
    this.menuOpen = false;
    this.theme = savedTheme();
    followConsoleLinks(this);
    this.addEventListener(signedInEvent, (event) => this.signedIn((event as CustomEvent<Operator>).detail));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.body.style.margin = '0';
    this.stopFollowing = onNavigate(() => void this.route());
    window.addEventListener(sessionEndedEvent, this.onSessionEnded);
    void this.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopFollowing?.();
    window.removeEventListener(sessionEndedEvent, this.onSessionEnded);
  }

  private async start(): Promise<void> {
    try {
      const operator = await currentOperator();
      if (operator) this.signedIn(operator);
      else await this.showSignedOut();
    } catch {
      this.state = { kind: 'unreachable' };
      setPageTitle('');
    }
  }

  private signedIn(operator: Operator): void {
    this.state = { kind: 'signed-in', operator };
    // The inbox's title badge "(n)" and escalation chime run on every page (its chunk loads now).
    import('./pages/inbox/attention.js').then((inbox) => inbox.startAttention()).catch(() => undefined);
    // The bare address and the signed-out pages lead home; an unknown address says it is unknown.
    const path = currentPath();
    const found = pageFor(path);
    if (path === '' || found?.page.access === 'signed-out') navigate('home', { replace: true });
    else void this.route();
  }

  private async showSignedOut(): Promise<void> {
    this.content = null;
    const path = currentPath();
    const found = pageFor(path);
    if (found?.page.access === 'signed-out') {
      this.state = { kind: 'signed-out', page: found.page, rest: found.rest };
    } else {
      const wanted = (await needsOwner().catch(() => false)) ? 'setup' : 'sign-in';
      this.state = { kind: 'signed-out', page: signedOutPage(wanted) ?? null, rest: [] };
    }
    const page = this.state.kind === 'signed-out' ? this.state.page : null;
    if (page) await page.load().catch(() => undefined);
    setPageTitle(page?.label ?? '');
    this.requestUpdate();
  }

  /** Opens the page of the current path (signed in), or the signed-out page it names. */
  private async route(): Promise<void> {
    this.menuOpen = false;
    if (this.state.kind !== 'signed-in') {
      if (this.state.kind === 'signed-out') await this.showSignedOut();
      return;
    }
    const { operator } = this.state;
    const found = pageFor(currentPath() || 'home');
    if (!found || found.page.access === 'signed-out') {
      this.content = { kind: 'message', text: strings.shell.pageNotFound, page: null };
      setPageTitle(strings.shell.pageNotFound);
      return;
    }
    const { page, rest } = found;
    setPageTitle(page.label);
    if (!mayOpen(page, operator.role)) {
      this.content = { kind: 'message', text: strings.shell.pageForbidden, page };
      return;
    }
    try {
      await page.load();
    } catch {
      this.content = { kind: 'message', text: strings.shell.pageFailed, page };
      return;
    }
    const reuse = this.content?.kind === 'page' && this.content.page === page ? this.content.element : null;
    const element = reuse ?? document.createElement(page.tag);
    Object.assign(element, { operator, rest });
    this.content = { kind: 'page', page, element };
    if (!reuse) this.updateComplete.then(() => this.renderRoot.querySelector('main')?.focus());
  }

  private async signOut(everywhere: boolean): Promise<void> {
    await api('POST', everywhere ? '/v1/console/sign-out-everywhere' : '/v1/console/sign-out').catch(
      (failure: unknown) => {
        if (!(failure instanceof ApiError) || failure.status !== 401) throw failure;
      },
    );
    navigate('sign-in', { replace: true });
    await this.showSignedOut();
  }

  /** A fragment link cannot reach into the shadow root: the skip button moves focus to the page itself. */
  private skipToContent(): void {
    this.renderRoot.querySelector<HTMLElement>('main')?.focus();
  }

  private chooseTheme(event: Event): void {
    this.theme = (event.target as HTMLSelectElement).value as ThemeChoice;
    saveTheme(this.theme);
  }

  override render() {
    const state = this.state;
    if (state.kind === 'loading') return html`<p class="state" role="status">${strings.shell.loading}</p>`;
    if (state.kind === 'unreachable')
      return html`<main class="state" role="alert">${strings.shell.serverUnreachable}</main>`;
    if (state.kind === 'signed-out') {
      if (!state.page) return html`<main class="state">${strings.shell.signInUnavailable}</main>`;
      if (this.signedOutElement?.page !== state.page)
        this.signedOutElement = { page: state.page, element: document.createElement(state.page.tag) };
      const { element } = this.signedOutElement;
      Object.assign(element, { rest: state.rest });
      return html`<main class="signed-out">${element}</main>`;
    }
    return this.renderSignedIn(state.operator);
  }

  private renderSignedIn(operator: Operator) {
    const content = this.content;
    const current = content?.page ?? null;
    return html`
      <button class="skip-link" @click=${this.skipToContent}>${strings.shell.skipToContent}</button>
      <header>
        <button
          class="menu-button"
          aria-expanded=${this.menuOpen ? 'true' : 'false'}
          aria-controls="console-navigation"
          @click=${() => {
            this.menuOpen = !this.menuOpen;
          }}
        >
          ${this.menuOpen ? strings.shell.closeMenu : strings.shell.openMenu}
        </button>
        <a class="product" href="/console/home">${strings.shell.consoleName}</a>
        ${this.renderAccount(operator)}
      </header>
      <div class="layout">
        ${renderNavigation(operator, current, this.menuOpen)}
        <main id="console-main" tabindex="-1">
          ${content?.kind === 'page' ? content.element : nothing}
          ${content?.kind === 'message' ? html`<p role="alert">${content.text}</p>` : nothing}
          ${content === null ? html`<p role="status">${strings.shell.loading}</p>` : nothing}
        </main>
      </div>
    `;
  }

  private renderAccount(operator: Operator) {
    return html`<details>
      <summary>${strings.shell.account}</summary>
      <div class="account-panel">
        <p>${format(strings.shell.signedInAs, { name: operator.name, role: roleNames[operator.role] })}</p>
        <p class="muted">${operator.email}</p>
        <label for="console-theme">${strings.shell.theme}</label>
        <select id="console-theme" .value=${this.theme} @change=${this.chooseTheme}>
          <option value="auto">${strings.shell.themeAuto}</option>
          <option value="light">${strings.shell.themeLight}</option>
          <option value="dark">${strings.shell.themeDark}</option>
        </select>
        <button @click=${() => void this.signOut(false)}>${strings.shell.signOut}</button>
        <button @click=${() => void this.signOut(true)}>${strings.shell.signOutEverywhere}</button>
      </div>
    </details>`;
  }
}

if (!customElements.get('parley-console')) customElements.define('parley-console', ParleyConsole);

declare global {
  interface HTMLElementTagNameMap {
    'parley-console': ParleyConsole;
  }
}
