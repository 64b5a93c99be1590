import { css } from 'lit';

/** The inbox: the list beside the open conversation; one at a time below 760 px (a phone: the list, then the conversation). */
export const inboxStyles = css`
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: 12px;
    align-items: end;
    margin-bottom: var(--console-gap);
  }
  .filters {
    display: flex;
    flex-wrap: wrap;
    gap: 4px;
  }
  .filters button[aria-pressed='true'] {
    background: var(--console-accent);
    border-color: var(--console-accent);
    color: var(--console-accent-text);
  }
  .search input {
    min-width: 14em;
  }
  .check {
    display: inline-flex;
    gap: 6px;
    align-items: center;
    min-height: 44px;
  }
  .connection {
    margin: 0;
  }
  .split {
    display: grid;
    grid-template-columns: minmax(260px, 340px) 1fr;
    gap: var(--console-gap);
    align-items: start;
  }
  .list ul,
  .transcript {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .item {
    display: grid;
    gap: 2px;
    width: 100%;
    text-align: left;
    justify-content: stretch;
    margin-bottom: 6px;
  }
  .item[aria-current='true'] {
    border-color: var(--console-accent);
    box-shadow: inset 4px 0 0 var(--console-accent);
  }
  .item-head,
  .item-foot {
    display: flex;
    justify-content: space-between;
    gap: 8px;
  }
  .preview {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .tag {
    font-size: 0.85em;
    border: 1px solid var(--console-border);
    border-radius: 999px;
    padding: 0 8px;
  }
  .tag.urgent {
    background: var(--console-danger);
    border-color: var(--console-danger);
    color: var(--console-danger-text);
  }
  .detail {
    min-width: 0;
  }
  .back {
    display: none;
  }
  .message {
    border: 1px solid var(--console-border);
    border-radius: var(--console-radius);
    background: var(--console-surface);
    padding: 8px 12px;
    margin-bottom: 8px;
  }
  .message.user {
    background: var(--console-surface-raised);
  }
  .message.human_agent {
    border-color: var(--console-accent);
  }
  .who {
    display: flex;
    justify-content: space-between;
    gap: 8px;
    margin: 0 0 4px;
  }
  .content {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    margin: 0 0 4px;
  }
  blockquote {
    margin: 4px 0 8px;
    padding-left: 8px;
    border-left: 3px solid var(--console-border);
  }
  .typing {
    min-height: 1.5em;
    font-style: italic;
  }
  .composer textarea {
    width: 100%;
  }
  .composer button {
    margin-top: 8px;
  }
  @media (max-width: 760px) {
    .split {
      grid-template-columns: 1fr;
    }
    .split[data-showing='list'] .detail,
    .split[data-showing='detail'] .list {
      display: none;
    }
    .back {
      display: inline-flex;
      margin-bottom: 8px;
    }
    .search input {
      min-width: 0;
      width: 100%;
    }
  }
`;
