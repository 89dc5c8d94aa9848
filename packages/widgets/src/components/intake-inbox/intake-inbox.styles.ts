import { css } from 'lit';

export const styles = css`
  [part='base'] {
    display: grid;
    gap: var(--_space);
    max-width: 48rem;
  }
  h2,
  h3 {
    margin: 0;
  }
  h2 {
    font-size: 1.2em;
  }
  h3 {
    font-size: 1.05em;
  }
  article {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space);
    display: grid;
    gap: 0.5rem;
  }
  .facts {
    margin: 0;
    padding-left: 1.2rem;
  }
  blockquote {
    margin: 0;
    padding-left: 0.75rem;
    border-left: 4px solid var(--_border);
    white-space: pre-wrap;
  }
  .said {
    margin: 0;
    font-weight: 600;
  }
  .unlock,
  .open-case {
    display: grid;
    gap: 0.4rem;
  }
  .handled {
    margin: 0;
    color: var(--_ok);
    font-weight: 600;
  }
  .erase {
    display: grid;
    gap: 0.5rem;
    margin: 0;
    padding: 0.75rem;
    border: 2px solid var(--_border);
    border-radius: var(--_radius);
  }
  .erase legend {
    font-weight: 600;
    padding: 0 0.25rem;
  }
  .erase label {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    min-height: var(--_target);
  }
  .erase input[type='radio'] {
    width: 1.25rem;
    height: 1.25rem;
    min-height: 0;
    margin: 0;
  }
  button[aria-disabled='true'] {
    opacity: 0.7;
    cursor: progress;
  }
`;
