import { css } from 'lit';

/** What the workspace widgets share: sections, lists of items, forms with large targets. */
export const workspaceStyles = css`
  [part='base'] {
    display: grid;
    gap: var(--_space);
  }
  h2 {
    margin: 0;
    font-size: 1.2em;
  }
  h3 {
    margin: 0 0 0.4rem;
    font-size: 1.05em;
  }
  ul.items {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.5rem;
  }
  ul.items > li {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.5rem 0.75rem;
    display: grid;
    gap: 0.3rem;
  }
  ul.items > li.closed {
    border-style: dashed;
  }
  .meta {
    color: var(--_muted);
    margin: 0;
  }
  .title {
    font-weight: 700;
    margin: 0;
  }
  .badge {
    display: inline-block;
    border: 1px solid currentColor;
    border-radius: var(--_radius);
    padding: 0 0.4rem;
    font-size: 0.9em;
    margin-inline-start: 0.3rem;
  }
  .overdue {
    color: var(--_danger);
    font-weight: 700;
  }
  button[aria-disabled='true'] {
    opacity: 0.55;
    cursor: progress;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  form,
  fieldset.form {
    display: grid;
    gap: 0.6rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space);
    margin: 0;
  }
  legend,
  form h3 {
    font-weight: 700;
  }
  label.field {
    display: grid;
    gap: 0.2rem;
  }
  .hint {
    color: var(--_muted);
    font-size: 0.95em;
  }
  input[type='text'],
  input[type='number'],
  input[type='date'],
  input[type='password'],
  textarea,
  select {
    font: inherit;
    color: inherit;
    background: var(--_surface);
    min-height: var(--_target);
    padding: 0.3rem 0.5rem;
    border: 2px solid var(--_border);
    border-radius: var(--_radius);
    width: min(30rem, 100%);
  }
  textarea {
    min-height: 5rem;
  }
  [aria-invalid='true'] {
    border-color: var(--_danger);
  }
  .field-error {
    color: var(--_danger);
    font-weight: 600;
    margin: 0;
  }
  /* The date a date field holds, in words: the field itself is in the browser's order. */
  .date-words {
    color: var(--_muted);
    margin: 0;
  }
  .date-words:empty {
    display: none;
  }
  fieldset.choices {
    border: 0;
    padding: 0;
    margin: 0;
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem;
  }
  fieldset.choices legend {
    width: 100%;
    padding: 0 0 0.2rem;
  }
  fieldset.choices label {
    display: inline-flex;
    align-items: center;
    gap: 0.4rem;
    min-height: var(--_target);
    padding: 0.2rem 0.7rem;
    border: 2px solid var(--_border);
    border-radius: var(--_radius);
    cursor: pointer;
  }
  fieldset.choices label:has(input:checked) {
    border-color: var(--_accent);
    outline: 2px solid var(--_accent);
  }
  fieldset.choices .hint {
    width: 100%;
    margin: 0 0 0.3rem;
  }
  fieldset.choices input {
    width: 1.2rem;
    height: 1.2rem;
    margin: 0;
  }
  .message {
    margin: 0;
    font-weight: 600;
    color: var(--_ok);
  }
  .message.error {
    color: var(--_danger);
  }
  .filters {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    margin-bottom: 0.5rem;
  }
  .filters label {
    display: grid;
    gap: 0.2rem;
  }
  :host([easy-read]) {
    --_target: var(--cp-target-size-easy-read, 64px);
    font-size: 1.2em;
  }
`;
