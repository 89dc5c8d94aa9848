import { css } from 'lit';

export const styles = css`
  /* Each grid's one column is as wide as its place, never wider: a grid's own column would grow
     to its widest content (a centre's long name in a select), and a phone's page with it. */
  [part='base'] {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: var(--_space);
    max-width: 56rem;
  }
  h2,
  h3,
  h4 {
    margin: 0;
  }
  h2 {
    font-size: 1.2em;
  }
  h3 {
    font-size: 1.05em;
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  caption {
    text-align: start;
    padding-bottom: 0.4rem;
  }
  th,
  td {
    text-align: start;
    padding: 0.3rem 0.5rem;
    border-bottom: 1px solid var(--_border);
  }
  tr.off td,
  tr.off button {
    color: var(--_muted);
  }
  button.link {
    font: inherit;
    font-weight: 600;
    background: none;
    border: none;
    padding: 0;
    min-height: var(--_target);
    color: var(--_accent);
    text-decoration: underline;
    cursor: pointer;
    text-align: start;
  }
  article,
  details.new {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space);
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 0.6rem;
  }
  summary {
    font-weight: 600;
    cursor: pointer;
    min-height: var(--_target);
  }
  form {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 0.4rem;
  }
  /* A choice and its button side by side, the label above them. */
  .row {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    align-items: center;
    gap: 0.4rem;
  }
  .row label {
    grid-column: 1 / -1;
  }
  .changes {
    margin: 0;
    padding-left: 1.2rem;
    display: grid;
    gap: 0.25rem;
  }
  .locked {
    margin: 0;
    color: var(--_danger);
    font-weight: 600;
  }
  .when {
    color: var(--_muted);
  }
  .key {
    font-family: ui-monospace, monospace;
    font-size: 1.1em;
    overflow-wrap: anywhere;
  }
  .confirm {
    display: grid;
    gap: 0.5rem;
    padding: 0.75rem;
    border: 2px solid var(--_danger);
    border-radius: var(--_radius);
  }
  .confirm p {
    margin: 0;
    font-weight: 600;
  }
`;
