import { css } from 'lit';

/** The message list and the bubbles of each speaker. */
export default css`
  .messages {
    flex: 1;
    overflow-y: auto;
    overscroll-behavior: contain;
    padding: 14px;
  }
  /*
   * The share page fills the window: its messages and form read in a column of at most 720 px, centred
   * by padding so the scrollbar and the form's border stay at the window's edges.
   */
  :host([mode='page']) .messages,
  :host([mode='page']) form,
  :host([mode='page']) .actions {
    padding-inline: max(14px, calc((100% - 720px) / 2));
  }
  /* Once something was said the prompts are gone: the greeting keeps the list's gap to the first message. */
  [part='greeting'] + .list {
    margin-top: 12px;
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
  .status,
  time {
    font-size: 0.8em;
    color: var(--_muted);
    margin: 0 4px 3px;
  }
  .status,
  time {
    margin: 3px 4px 0;
  }
  .notice {
    align-items: center;
    text-align: center;
    font-size: 0.85em;
    color: var(--_muted);
  }
`;
