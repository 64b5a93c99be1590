import { css } from 'lit';

/**
 * What every page shares: text, headings, buttons (44 px targets), form fields with their labels,
 * tables, cards, status text, focus rings and the visually hidden class. A page adds it first to its
 * `static styles`.
 */
export const sharedStyles = css`
  :host {
    display: block;
    color: var(--console-text);
    font: 15px/1.5 var(--console-font);
  }
  * {
    box-sizing: border-box;
  }
  h1 {
    font-size: 1.5rem;
    margin: 0 0 var(--console-gap);
  }
  h2 {
    font-size: 1.15rem;
    margin: 24px 0 8px;
  }
  a {
    color: var(--console-accent);
  }
  p {
    margin: 0 0 12px;
  }
  .muted {
    color: var(--console-muted);
  }
  .card {
    background: var(--console-surface);
    border: 1px solid var(--console-border);
    border-radius: var(--console-radius);
    padding: var(--console-gap);
    margin-bottom: var(--console-gap);
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    align-items: center;
  }
  button,
  .button {
    min-height: 44px;
    min-width: 44px;
    padding: 8px 16px;
    border-radius: var(--console-radius);
    border: 1px solid var(--console-border);
    background: var(--console-surface);
    color: var(--console-text);
    font: inherit;
    cursor: pointer;
    text-decoration: none;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 6px;
  }
  button.primary,
  .button.primary {
    background: var(--console-accent);
    border-color: var(--console-accent);
    color: var(--console-accent-text);
  }
  button.danger {
    background: var(--console-danger);
    border-color: var(--console-danger);
    color: var(--console-danger-text);
  }
  button:disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
  label {
    display: block;
    font-weight: 600;
    margin: 12px 0 4px;
  }
  input,
  select,
  textarea {
    width: 100%;
    min-height: 44px;
    padding: 8px 10px;
    border: 1px solid var(--console-border);
    border-radius: var(--console-radius);
    background: var(--console-surface);
    color: var(--console-text);
    font: inherit;
  }
  input[type='checkbox'],
  input[type='radio'] {
    width: 20px;
    min-height: 20px;
  }
  textarea {
    min-height: 120px;
    resize: vertical;
  }
  code,
  pre {
    font-family: var(--console-mono);
    font-size: 0.9em;
  }
  pre {
    overflow-x: auto;
    background: var(--console-surface-raised);
    padding: 12px;
    border-radius: var(--console-radius);
  }
  table {
    width: 100%;
    border-collapse: collapse;
  }
  th,
  td {
    text-align: left;
    padding: 8px;
    border-bottom: 1px solid var(--console-border);
    vertical-align: top;
    overflow-wrap: anywhere;
  }
  .error {
    color: var(--console-danger);
  }
  .success {
    color: var(--console-success);
  }
  :focus-visible {
    outline: 3px solid var(--console-focus);
    outline-offset: 2px;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  @media (prefers-reduced-motion: reduce) {
    * {
      transition: none !important;
      animation: none !important;
    }
  }
`;
