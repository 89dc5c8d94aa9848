import { css } from 'lit';

export const styles = css`
  :host {
    --_accent: var(--cp-consent-accent, var(--cp-color-accent, #1b5e9e));
  }
  [part='base'] {
    display: grid;
    gap: var(--_space);
    max-width: 40rem;
  }
  h2 {
    margin: 0;
    font-size: 1.2em;
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: var(--_space);
  }
  li {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space);
    display: grid;
    gap: 0.4rem;
  }
  .what {
    font-weight: 700;
    margin: 0;
  }
  .status {
    margin: 0;
  }
  .status.yes {
    color: var(--_ok);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .message {
    margin: 0;
    font-weight: 600;
  }
  .message.error {
    color: var(--_danger);
  }
  :host([easy-read]) {
    font-size: 1.25em;
  }
  :host([easy-read]) button {
    min-height: 64px;
    min-width: 8rem;
  }
`;
