import { css } from 'lit';

export const styles = css`
  :host {
    --_accent: var(--cp-first-contact-accent, var(--cp-color-accent, #1b5e9e));
  }
  .field {
    display: grid;
    gap: 0.35rem;
  }
  textarea {
    min-height: 6rem;
    resize: vertical;
  }
  button[aria-disabled='true'] {
    opacity: 0.7;
    cursor: progress;
  }
  .notice,
  .sent [part='status'],
  .queued [part='status'],
  .refused [part='status'] {
    border-left: 6px solid var(--_ok);
    padding: var(--_space);
    margin: 0;
  }
  .queued [part='status'] {
    border-left-color: var(--_accent);
  }
  .refused [part='status'] {
    border-left-color: var(--_danger);
  }
`;
