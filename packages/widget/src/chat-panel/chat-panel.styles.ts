import { css } from 'lit';

/**
 * Colours meet WCAG AA in both themes: body text, muted text and links on the
 * panel and on the assistant's bubbles, white on the default accent. A host
 * page overrides any `--parley-*` property (they cross the shadow root).
 */
export default css`
  :host {
    --_background: #ffffff;
    --_surface: #eef1f6;
    --_text: #1b2130;
    --_muted: #4f596c;
    --_border: #d3d9e3;
    --_link: #1d45c4;
    --_error-background: #fdecec;
    --_error-text: #8f1a1a;
    --_shadow: 0 12px 40px rgb(16 24 40 / 0.18);
    --_accent: var(--parley-accent, #2f5bea);
    --_accent-text: var(--parley-accent-contrast, #ffffff);
    --_radius: var(--parley-radius, 14px);

    display: block;
    position: fixed;
    z-index: var(--parley-z-index, 2147483000);
    bottom: 92px;
    right: 20px;
    width: min(var(--parley-width, 380px), calc(100vw - 40px));
    height: min(var(--parley-height, 620px), calc(100vh - 112px));
    font-family: var(--parley-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-size: var(--parley-font-size, 15px);
    line-height: 1.45;
    color-scheme: light;
  }
  :host([theme='dark']) {
    --_background: #151a24;
    --_surface: #252d3c;
    --_text: #eef1f6;
    --_muted: #aeb7c8;
    --_border: #3a4457;
    --_link: #a9beff;
    --_error-background: #3d1e24;
    --_error-text: #ffc2c2;
    --_shadow: 0 12px 40px rgb(0 0 0 / 0.5);
    color-scheme: dark;
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      --_background: #151a24;
      --_surface: #252d3c;
      --_text: #eef1f6;
      --_muted: #aeb7c8;
      --_border: #3a4457;
      --_link: #a9beff;
      --_error-background: #3d1e24;
      --_error-text: #ffc2c2;
      --_shadow: 0 12px 40px rgb(0 0 0 / 0.5);
      color-scheme: dark;
    }
  }
  :host([position='left']) {
    right: auto;
    left: 20px;
  }
  :host(:not([open]):not([inline]):not([mode='page'])) {
    display: none;
  }
  :host([inline]),
  :host([mode='page']) {
    position: relative;
    inset: auto;
    z-index: auto;
    width: auto;
    height: var(--parley-height, 560px);
  }
  :host([mode='page']) {
    height: 100%;
  }
  @media (max-width: 600px) {
    :host(:not([inline]):not([mode='page'])) {
      inset: 0;
      width: 100%;
      height: 100%;
    }
    :host(:not([inline]):not([mode='page'])) .panel {
      border-radius: 0;
      border: 0;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    * {
      animation: none !important;
      transition: none !important;
    }
  }

  * {
    box-sizing: border-box;
  }
  .panel {
    display: flex;
    flex-direction: column;
    height: 100%;
    overflow: hidden;
    background: var(--parley-background, var(--_background));
    color: var(--parley-text, var(--_text));
    border: 1px solid var(--parley-border, var(--_border));
    border-radius: var(--_radius);
    box-shadow: var(--_shadow);
  }
  :host([mode='page']) .panel {
    border-radius: 0;
    border: 0;
    box-shadow: none;
  }
  button {
    font: inherit;
    color: inherit;
    cursor: pointer;
  }
  :focus-visible {
    outline: 3px solid var(--parley-focus, var(--_accent));
    outline-offset: 2px;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }

  header {
    display: flex;
    align-items: center;
    gap: 10px;
    padding: 12px 14px;
    background: var(--parley-header-background, var(--_accent));
    color: var(--parley-header-text, var(--_accent-text));
  }
  .avatar {
    flex: none;
    display: grid;
    place-items: center;
    width: 34px;
    height: 34px;
    border-radius: 50%;
    background: rgb(255 255 255 / 0.2);
    font-weight: 700;
    object-fit: cover;
  }
  .heading {
    flex: 1;
    min-width: 0;
  }
  h2 {
    margin: 0;
    font-size: 1.05em;
    font-weight: 650;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .subtitle {
    margin: 0;
    font-size: 0.85em;
    opacity: 0.92;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  header button {
    flex: none;
    border: 0;
    border-radius: 8px;
    padding: 6px;
    display: grid;
    place-items: center;
    background: transparent;
  }
  header :focus-visible {
    outline-color: currentColor;
  }
  svg {
    width: 20px;
    height: 20px;
    fill: none;
    stroke: currentColor;
    stroke-width: 2;
    stroke-linecap: round;
    stroke-linejoin: round;
  }

  .banner {
    padding: 8px 14px;
    font-size: 0.88em;
    background: var(--_surface);
    border-bottom: 1px solid var(--parley-border, var(--_border));
    display: flex;
    gap: 8px;
    align-items: center;
    justify-content: space-between;
  }
  .banner.refused {
    background: var(--_error-background);
    color: var(--_error-text);
  }

  .messages {
    flex: 1;
    overflow-y: auto;
    overscroll-behavior: contain;
    padding: 14px;
  }
  ol.list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 12px;
  }
  .message {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    max-width: 100%;
  }
  .message.user {
    align-items: flex-end;
  }
  .bubble {
    max-width: 88%;
    padding: 9px 13px;
    border-radius: var(--_radius);
    background: var(--parley-assistant-background, var(--_surface));
    overflow-wrap: anywhere;
  }
  .user .bubble {
    background: var(--_accent);
    color: var(--_accent-text);
    white-space: pre-wrap;
    border-end-end-radius: 4px;
  }
  .assistant .bubble,
  .human_agent .bubble {
    border-end-start-radius: 4px;
  }
  .human_agent .bubble {
    border-inline-start: 3px solid var(--_accent);
  }
  .pending .bubble {
    opacity: 0.75;
  }
  .author,
  .status {
    font-size: 0.8em;
    color: var(--_muted);
    margin: 0 4px 3px;
  }
  .status {
    margin: 3px 4px 0;
  }
  .notice {
    align-items: center;
    text-align: center;
    font-size: 0.85em;
    color: var(--_muted);
  }
  .bubble > :first-child {
    margin-top: 0;
  }
  .bubble > :last-child {
    margin-bottom: 0;
  }
  .bubble p,
  .bubble ul,
  .bubble ol,
  .bubble pre,
  .bubble blockquote,
  .bubble .table {
    margin: 0.5em 0;
  }
  .bubble ul,
  .bubble ol {
    padding-inline-start: 1.3em;
  }
  .bubble .heading {
    font-weight: 700;
  }
  .bubble a {
    color: var(--parley-link, var(--_link));
    text-decoration: underline;
  }
  .bubble code {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 0.9em;
    background: rgb(127 127 127 / 0.16);
    padding: 0.1em 0.3em;
    border-radius: 4px;
  }
  .bubble pre {
    padding: 8px 10px;
    overflow-x: auto;
    background: rgb(127 127 127 / 0.16);
    border-radius: 8px;
  }
  .bubble pre code {
    padding: 0;
    background: none;
  }
  .bubble blockquote {
    padding-inline-start: 10px;
    border-inline-start: 3px solid var(--parley-border, var(--_border));
  }
  .bubble .table {
    overflow-x: auto;
  }
  .bubble table {
    border-collapse: collapse;
    font-size: 0.92em;
  }
  .bubble th,
  .bubble td {
    border: 1px solid var(--parley-border, var(--_border));
    padding: 4px 8px;
    text-align: start;
  }
  .bubble [data-align='right'] {
    text-align: end;
  }
  .bubble [data-align='center'] {
    text-align: center;
  }

  .tool {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    font-size: 0.85em;
    color: var(--_muted);
  }
  .tool::before,
  .typing i {
    content: '';
    width: 7px;
    height: 7px;
    border-radius: 50%;
    background: currentColor;
    animation: parley-pulse 1.2s infinite ease-in-out;
  }
  .typing {
    display: inline-flex;
    gap: 4px;
    padding: 4px 0;
    color: var(--_muted);
  }
  .typing i:nth-child(2) {
    animation-delay: 0.2s;
  }
  .typing i:nth-child(3) {
    animation-delay: 0.4s;
  }
  @keyframes parley-pulse {
    0%,
    80%,
    100% {
      opacity: 0.25;
    }
    40% {
      opacity: 1;
    }
  }

  .citations {
    list-style: none;
    margin: 6px 0 0;
    padding: 0;
    max-width: 88%;
    font-size: 0.82em;
    color: var(--_muted);
  }
  .citations li + li {
    margin-top: 4px;
  }
  .citations .document {
    color: var(--parley-text, var(--_text));
    font-weight: 600;
  }
  .citations q {
    display: -webkit-box;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: 3;
    overflow: hidden;
  }

  .error {
    display: flex;
    align-items: center;
    gap: 8px;
    flex-wrap: wrap;
    margin-top: 4px;
    padding: 6px 10px;
    border-radius: 8px;
    font-size: 0.88em;
    background: var(--_error-background);
    color: var(--_error-text);
  }
  .error button,
  .banner button {
    border: 1px solid currentColor;
    background: transparent;
    border-radius: 6px;
    padding: 2px 8px;
  }

  .feedback {
    display: flex;
    gap: 2px;
    margin-top: 2px;
  }
  .feedback button {
    border: 0;
    background: transparent;
    color: var(--_muted);
    padding: 4px;
    border-radius: 6px;
    display: grid;
  }
  .feedback svg {
    width: 16px;
    height: 16px;
  }
  .feedback button[aria-pressed='true'] {
    color: var(--_accent);
  }
  .feedback button[aria-pressed='true'] svg {
    fill: currentColor;
    fill-opacity: 0.25;
  }

  .starters {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    margin-top: 12px;
  }
  .starters button {
    border: 1px solid var(--_accent);
    background: transparent;
    color: var(--parley-link, var(--_link));
    border-radius: 999px;
    padding: 6px 12px;
    font-size: 0.9em;
    text-align: start;
  }

  .jump {
    align-self: center;
    margin: -44px 0 8px;
    z-index: 1;
    border: 0;
    border-radius: 999px;
    padding: 6px 14px;
    font-size: 0.85em;
    background: var(--_accent);
    color: var(--_accent-text);
    box-shadow: var(--_shadow);
  }

  .actions {
    display: flex;
    justify-content: flex-end;
    padding: 6px 12px 0;
    border-top: 1px solid var(--parley-border, var(--_border));
  }
  .actions button {
    border: 0;
    background: transparent;
    color: var(--parley-link, var(--_link));
    text-decoration: underline;
    font-size: 0.85em;
    padding: 2px 4px;
  }
  .actions + form {
    border-top: 0;
  }
  form {
    display: flex;
    gap: 8px;
    align-items: flex-end;
    padding: 10px 12px;
    border-top: 1px solid var(--parley-border, var(--_border));
  }
  textarea {
    flex: 1;
    resize: none;
    field-sizing: content;
    min-height: 40px;
    max-height: 140px;
    padding: 9px 12px;
    font: inherit;
    font-size: max(16px, 1em);
    color: inherit;
    background: var(--parley-background, var(--_background));
    border: 1px solid var(--parley-input-border, var(--_muted));
    border-radius: 10px;
  }
  textarea::placeholder {
    color: var(--_muted);
    opacity: 1;
  }
  form button {
    flex: none;
    display: grid;
    place-items: center;
    width: 40px;
    height: 40px;
    border: 0;
    border-radius: 10px;
    background: var(--_accent);
    color: var(--_accent-text);
  }
  form button:disabled {
    opacity: 0.6;
    cursor: default;
  }
  :host(:dir(rtl)) form button svg {
    transform: scaleX(-1);
  }
`;
