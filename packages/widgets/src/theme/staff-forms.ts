import { css } from 'lit';

/**
 * The staff pages' form controls (`<cp-intake-inbox>`, `<cp-staff-accounts>`): text fields and
 * selects with large targets, a field marked wrong, a row of buttons, hints and errors beside the
 * field. The public forms have theirs in `form-fields.ts`.
 */
export const staffForms = css`
  input,
  select {
    font: inherit;
    min-height: var(--_target);
    padding: 0.4rem 0.6rem;
    border: 2px solid var(--_border);
    border-radius: var(--_radius);
    color: inherit;
    background: var(--_surface);
    /* A long option (a centre's name) is cut on a phone; the list shows it whole. */
    max-width: 100%;
  }
  input[aria-invalid='true'] {
    border-color: var(--_danger);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .hint {
    color: var(--_muted);
    margin: 0;
  }
  .error {
    color: var(--_danger);
    font-weight: 600;
  }
  .error:empty {
    display: none;
  }
`;
