import { css } from 'lit';

/**
 * Colours by theme, and where the panel sits (floating, inline or the whole
 * page). Colours meet WCAG AA in both themes: body text, muted text and links
 * on the panel and on the assistant's bubbles, white on the default accent. A
 * host page overrides any `--parley-*` property (they cross the shadow root).
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
`;
