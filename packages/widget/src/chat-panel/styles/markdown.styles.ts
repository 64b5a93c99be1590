import { css } from 'lit';

/**
 * Markdown inside a bubble: paragraphs, lists, code, quotes and tables. Table cells undo the bubble's
 * `overflow-wrap: anywhere`, which would let a narrow table squeeze words apart ("Conditio/n"): words
 * stay whole and the table scrolls sideways instead.
 */
export default css`
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
    overflow-wrap: normal;
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
`;
