import { css } from 'lit';

/**
 * The public forms' fields (`<cp-intake-form>`, `<cp-first-contact>`): fieldsets, choices with
 * large targets, text fields, hints, errors beside the field, the live status line. Each form
 * sets `--_accent` from its own custom property.
 */
export const formFields = css`
  [part='base'] {
    display: grid;
    gap: var(--_space);
    max-width: 40rem;
  }
  fieldset {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space);
    margin: 0;
    display: grid;
    gap: 0.5rem;
  }
  legend {
    font-weight: 700;
    padding: 0 0.25rem;
  }
  label.choice {
    display: flex;
    align-items: flex-start;
    gap: 0.6rem;
    min-height: var(--_target);
    cursor: pointer;
  }
  input[type='checkbox'],
  input[type='radio'] {
    width: 1.4rem;
    height: 1.4rem;
    margin-top: 0.15rem;
    flex: none;
    accent-color: var(--_accent);
  }
  input[type='text'],
  input[type='tel'],
  input[type='email'],
  textarea {
    font: inherit;
    min-height: var(--_target);
    padding: 0.4rem 0.6rem;
    border: 2px solid var(--_border);
    border-radius: var(--_radius);
    width: 100%;
    color: inherit;
    background: var(--_surface);
  }
  input[aria-invalid='true'] {
    border-color: var(--_danger);
  }
  .hint {
    color: var(--_muted);
    font-size: 0.95em;
  }
  .error {
    color: var(--_danger);
    font-weight: 600;
  }
  .error:empty {
    display: none;
  }
  [part='status'] {
    min-height: 1.5em;
  }
  :host([easy-read]) {
    font-size: 1.2em;
  }
  .done {
    border-left: 6px solid var(--_ok);
    padding: var(--_space);
  }
`;
