import { css } from 'lit';

export const styles = css`
  [part='base'] {
    display: grid;
    gap: var(--_space);
    max-width: 48rem;
  }
  h2 {
    margin: 0;
    font-size: 1.2em;
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  th,
  td {
    text-align: start;
    padding: 0.4rem 0.6rem;
    border-bottom: 1px solid var(--_border);
  }
  tbody th {
    font-weight: 400;
  }
  .hint {
    color: var(--_muted);
    margin: 0;
  }
  .error {
    color: var(--_danger);
    font-weight: 600;
  }
`;
