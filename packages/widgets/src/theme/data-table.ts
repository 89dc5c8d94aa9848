import { css } from 'lit';

/** The data tables that accompany every chart, so screen-reader users get the same figures. */
export const dataTable = css`
  table {
    border-collapse: collapse;
  }
  th,
  td {
    padding: 0.3rem 0.6rem;
    border-bottom: 1px solid var(--_border);
    text-align: end;
  }
  th[scope='row'] {
    text-align: start;
  }
  caption {
    text-align: start;
    font-weight: 600;
  }
`;
