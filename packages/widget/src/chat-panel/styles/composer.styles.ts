import { css } from 'lit';

/**
 * The starter prompts, the jump to new messages, "Talk to a person" and the
 * message form.
 */
export default css`
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
  /* A real button, a 44 px target (WCAG 2.5.5), not a small link. */
  .actions button {
    min-height: 44px;
    border: 1px solid var(--parley-border, var(--_border));
    border-radius: 999px;
    background: var(--parley-background, var(--_background));
    color: var(--parley-link, var(--_link));
    font-size: 0.9em;
    font-weight: 600;
    padding: 0 16px;
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
