import { css } from 'lit';

/**
 * The panel's box, what every part shares (buttons, focus ring, hidden text),
 * the header and the connection banner.
 */
export default css`
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
  /* The floating panel rises into place (none under prefers-reduced-motion: theme styles). */
  :host([open]:not([inline]):not([mode='page'])) .panel {
    animation: parley-open 180ms ease-out;
  }
  @keyframes parley-open {
    from {
      opacity: 0;
      transform: translateY(12px) scale(0.98);
    }
  }
  /* Closing: shown a moment longer while it sinks away (the component removes the closing attribute). */
  :host([closing]:not([open]):not([inline]):not([mode='page'])) {
    display: block;
  }
  :host([closing]:not([open])) .panel {
    animation: parley-open 150ms ease-in reverse forwards;
    pointer-events: none;
  }
  /* Full screen on a phone: it fades in where it is. */
  @media (max-width: 600px) {
    :host([open]:not([inline]):not([mode='page'])) .panel,
    :host([closing]:not([open])) .panel {
      animation-name: parley-fade;
    }
  }
  @keyframes parley-fade {
    from {
      opacity: 0;
    }
  }
  /* Focused by script on a touch device (the dialog, not the keyboard): no ring. */
  .panel:focus {
    outline: none;
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
    min-width: 44px;
    min-height: 44px;
    margin: -6px;
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
`;
