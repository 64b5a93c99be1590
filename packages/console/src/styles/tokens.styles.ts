import { css } from 'lit';

/**
 * Colours and sizes as custom properties on the shell; they inherit into every page's shadow root.
 * Light by default, dark when the system asks for it, and either when chosen in the account menu
 * (`theme` attribute). Every text colour keeps at least 4.5:1 on its background.
 */
export const tokenStyles = css`
  :host {
    --console-background: #f6f7f9;
    --console-surface: #ffffff;
    --console-surface-raised: #eef0f4;
    --console-border: #c9ced8;
    --console-text: #1a1d21;
    --console-muted: #4f5664;
    --console-accent: #2350c7;
    --console-accent-text: #ffffff;
    --console-accent-soft: #e3e9fb;
    --console-danger: #b3261e;
    --console-danger-text: #ffffff;
    --console-success: #1d6b3a;
    --console-warning: #8a5300;
    --console-focus: #2350c7;
    --console-radius: 8px;
    --console-gap: 16px;
    --console-font: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
    --console-mono: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
    color-scheme: light;
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      --console-background: #121417;
      --console-surface: #1b1e23;
      --console-surface-raised: #252932;
      --console-border: #3d4350;
      --console-text: #e8eaee;
      --console-muted: #aab1bd;
      --console-accent: #8fb0ff;
      --console-accent-text: #0b1020;
      --console-accent-soft: #25304d;
      --console-danger: #ffb4ab;
      --console-danger-text: #2b0a07;
      --console-success: #7fd69b;
      --console-warning: #f3c16b;
      --console-focus: #8fb0ff;
      color-scheme: dark;
    }
  }
  :host([theme='dark']) {
    --console-background: #121417;
    --console-surface: #1b1e23;
    --console-surface-raised: #252932;
    --console-border: #3d4350;
    --console-text: #e8eaee;
    --console-muted: #aab1bd;
    --console-accent: #8fb0ff;
    --console-accent-text: #0b1020;
    --console-accent-soft: #25304d;
    --console-danger: #ffb4ab;
    --console-danger-text: #2b0a07;
    --console-success: #7fd69b;
    --console-warning: #f3c16b;
    --console-focus: #8fb0ff;
    color-scheme: dark;
  }
`;
