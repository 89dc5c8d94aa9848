import { css } from 'lit';

export const styles = css`
  :host {
    --_accent: var(--cp-needs-assessment-accent, var(--cp-color-accent, #1b5e9e));
  }
  [part='base'] {
    display: grid;
    gap: var(--_space);
    max-width: 44rem;
  }
  fieldset {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space);
    margin: 0;
  }
  legend {
    font-weight: 700;
  }
  .item {
    margin: 0 0 var(--_space);
    border: 0;
    padding: 0;
  }
  .item > legend {
    font-weight: 600;
    margin-bottom: 0.4rem;
  }
  .options {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  label.option {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    min-height: var(--_target);
    padding: 0.25rem 0.75rem;
    border: 2px solid var(--_border);
    border-radius: var(--_radius);
    cursor: pointer;
  }
  label.option:has(input:checked) {
    border-color: var(--_accent);
    outline: 2px solid var(--_accent);
  }
  input[type='radio'] {
    width: 1.3rem;
    height: 1.3rem;
    accent-color: var(--_accent);
  }
  input[type='number'],
  input[type='date'],
  textarea {
    font: inherit;
    min-height: var(--_target);
    padding: 0.4rem;
    border: 2px solid var(--_border);
    border-radius: var(--_radius);
    color: inherit;
    background: var(--_surface);
  }
  /* The day a date answer holds, in words: the field itself is in the browser's order. */
  .date-words {
    color: var(--_muted);
    margin: 0.25rem 0 0;
  }
  .date-words:empty {
    display: none;
  }
  textarea {
    width: 100%;
    min-height: 5rem;
  }
  progress {
    width: 100%;
    height: 1rem;
    accent-color: var(--_accent);
  }
  .nav {
    display: flex;
    gap: var(--_space);
    flex-wrap: wrap;
  }
  :host([easy-read]) {
    font-size: 1.25em;
  }
  :host([easy-read]) label.option {
    min-height: 64px;
    min-width: 8rem;
    font-size: 1.1em;
  }
  :host([easy-read]) button {
    min-height: 64px;
    min-width: 8rem;
  }
  .error {
    color: var(--_danger);
    font-weight: 600;
  }
  .done {
    border-left: 6px solid var(--_ok);
    padding: var(--_space);
  }
  .gone {
    border-left: 6px solid var(--_border);
    padding: var(--_space);
  }
`;
