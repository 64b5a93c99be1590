import { css } from 'lit';

/** The agents page's own layout: the editor beside the playground, fieldsets, the prompt preview. */
export const agentsPageStyles = css`
      .layout {
        display: grid;
        grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
        gap: var(--console-gap);
        align-items: start;
      }
      @media (max-width: 960px) {
        .layout {
          grid-template-columns: minmax(0, 1fr);
        }
      }
      .playground {
        position: sticky;
        top: 0;
      }
      fieldset {
        border: 1px solid var(--console-border);
        border-radius: var(--console-radius);
        margin: 16px 0 0;
        min-width: 0;
      }
      legend {
        font-weight: 600;
      }
      textarea.code {
        font-family: var(--console-mono);
        min-height: 160px;
      }
      textarea.short {
        min-height: 72px;
      }
      p {
        /* Help texts hold long placeholder paths. */
        overflow-wrap: anywhere;
      }
      .preview {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
      .settings {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(180px, 1fr));
        gap: 0 12px;
      }
      .choice {
        display: flex;
        gap: 8px;
        align-items: center;
      }
      .choice label {
        font-weight: normal;
        margin: 8px 0;
      }
      ul.plain {
        list-style: none;
        padding: 0;
        margin: 0;
      }
      .table-wrap {
        overflow-x: auto;
      }
      .save-bar {
        margin-top: var(--console-gap);
      }
`;
