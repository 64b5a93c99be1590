import { css } from 'lit';

/** What goes with a message: tool runs and typing, sources, errors and the rating thumbs. */
export default css`
  .person-typing {
    margin: 4px 0;
    font-size: 0.85em;
    color: var(--_muted);
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
  .cite {
    padding: 0;
    border: 0;
    background: none;
    text-decoration: underline;
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
    min-width: 44px;
    min-height: 44px;
    padding: 4px;
    border-radius: 6px;
    display: grid;
    place-items: center;
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
`;
