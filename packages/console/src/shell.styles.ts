import { css } from 'lit';

/** The frame around every page: the header, the navigation (a menu on narrow screens) and the main area. */
export const shellStyles = css`
  :host {
    display: block;
    min-height: 100vh;
    background: var(--console-background);
    color: var(--console-text);
    font: 15px/1.5 var(--console-font);
  }
  .skip-link {
    position: absolute;
    left: 8px;
    top: -100px;
    background: var(--console-surface);
    color: var(--console-accent);
    padding: 8px 12px;
    border-radius: var(--console-radius);
    z-index: 10;
  }
  .skip-link:focus {
    top: 8px;
  }
  header {
    display: flex;
    align-items: center;
    gap: 12px;
    padding: 8px 16px;
    background: var(--console-surface);
    border-bottom: 1px solid var(--console-border);
    position: sticky;
    top: 0;
    z-index: 5;
  }
  .product {
    font-weight: 700;
    font-size: 1.1rem;
    margin-right: auto;
    color: var(--console-text);
    text-decoration: none;
  }
  .layout {
    display: grid;
    grid-template-columns: 220px minmax(0, 1fr);
    min-height: calc(100vh - 61px);
  }
  nav {
    background: var(--console-surface);
    border-right: 1px solid var(--console-border);
    padding: 12px 8px;
  }
  nav ul {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  nav ul ul {
    padding-left: 12px;
  }
  .group {
    display: block;
    font-size: 0.8rem;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: var(--console-muted);
    padding: 12px 12px 4px;
  }
  nav a {
    display: flex;
    align-items: center;
    min-height: 44px;
    padding: 0 12px;
    border-radius: var(--console-radius);
    color: var(--console-text);
    text-decoration: none;
  }
  nav a[aria-current='page'] {
    background: var(--console-accent-soft);
    font-weight: 600;
  }
  main {
    padding: 24px;
    min-width: 0;
  }
  main:focus {
    outline: none;
  }
  .menu-button {
    display: none;
  }
  details {
    position: relative;
  }
  summary {
    list-style: none;
    cursor: pointer;
    min-height: 44px;
    display: flex;
    align-items: center;
    padding: 0 12px;
    border: 1px solid var(--console-border);
    border-radius: var(--console-radius);
  }
  summary::-webkit-details-marker {
    display: none;
  }
  .account-panel {
    position: absolute;
    right: 0;
    top: calc(100% + 4px);
    width: min(300px, 90vw);
    background: var(--console-surface);
    border: 1px solid var(--console-border);
    border-radius: var(--console-radius);
    padding: 12px;
    box-shadow: 0 8px 24px rgb(0 0 0 / 20%);
  }
  .account-panel button {
    width: 100%;
    margin-top: 8px;
  }
  .state {
    padding: 48px 24px;
    text-align: center;
  }
  .signed-out {
    max-width: 440px;
    margin: 0 auto;
    padding: 48px 16px;
  }
  @media (max-width: 720px) {
    .layout {
      grid-template-columns: minmax(0, 1fr);
    }
    .menu-button {
      display: inline-flex;
    }
    nav {
      display: none;
      border-right: none;
      border-bottom: 1px solid var(--console-border);
    }
    nav.open {
      display: block;
    }
    main {
      padding: 16px;
    }
  }
`;
