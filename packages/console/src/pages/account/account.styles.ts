import { css } from 'lit';

/** The signed-out pages: one narrow card in the middle of the page, at most 420 px wide. */
export const accountStyles = css`
  :host {
    max-width: 420px;
    margin: 0 auto;
  }
  form button.primary {
    width: 100%;
    margin-top: 20px;
  }
  .hint {
    margin: 4px 0 0;
    font-size: 0.9em;
  }
  [role='alert'] {
    margin-top: 16px;
  }
`;
