import { css } from 'lit';

export const styles = css`
  :host {
    --_accent: var(--cp-sync-accent, var(--cp-color-accent, #1b5e9e));
  }
  [part='base'] {
    display: grid;
    gap: 0.5rem;
    max-width: 40rem;
  }
  form {
    display: grid;
    gap: 0.5rem;
  }
  label {
    display: grid;
    gap: 0.2rem;
    font-weight: 600;
  }
  input {
    font: inherit;
    min-height: var(--_target);
    padding: 0.4rem 0.6rem;
    border: 2px solid var(--_border);
    border-radius: var(--_radius);
    color: inherit;
    background: var(--_surface);
  }
  button {
    justify-self: start;
  }
  .problem {
    color: var(--_danger);
    font-weight: 600;
  }
  .problem:empty {
    display: none;
  }
  .key {
    font-family: ui-monospace, monospace;
    font-size: 1.1em;
    overflow-wrap: anywhere;
  }
  ul {
    margin: 0;
    padding-inline-start: 1.25rem;
  }
  .conflicts li {
    display: grid;
    gap: 0.4rem;
    margin-block-end: 0.75rem;
  }
  .kept {
    margin: 0;
  }
  .review-status:empty {
    display: none;
  }
`;
