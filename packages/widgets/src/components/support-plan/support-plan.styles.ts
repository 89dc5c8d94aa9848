import { css } from 'lit';

/** The plan's own styles, on top of the workspace's (headings, fields, filters). */
export const styles = css`
  :host {
    --_accent: var(--cp-support-plan-accent, var(--cp-color-accent, #1b5e9e));
  }
  ol[part='stepper'] {
    list-style: none;
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    padding: 0;
    margin: 0;
  }
  ol[part='stepper'] li {
    border: 2px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.35rem 0.7rem;
  }
  ol[part='stepper'] li[aria-current='step'] {
    border-color: var(--_accent);
    background: var(--_accent);
    color: var(--_accent-text);
    font-weight: 700;
  }
  ol[part='stepper'] li.visited {
    border-style: dashed;
  }
  section {
    border-top: 1px solid var(--_border);
    padding-top: 0.5rem;
  }
  ul {
    margin: 0;
    padding-left: 1.2rem;
  }
  .transitions {
    display: grid;
    gap: 0.75rem;
  }
  .why {
    color: var(--_muted);
    margin: 0.25rem 0 0;
  }
  .status {
    font-weight: 700;
  }
  .error {
    color: var(--_danger);
    font-weight: 600;
  }
  /* Kept in place for screen readers to hear what comes, without a gap while there is nothing. */
  .error:empty {
    margin: 0;
  }
  @media (forced-colors: active) {
    ol[part='stepper'] li[aria-current='step'] {
      border: 3px solid Highlight;
    }
  }
`;
