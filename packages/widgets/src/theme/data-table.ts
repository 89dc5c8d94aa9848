import { css } from 'lit';

/** The data tables that accompany every chart, so screen-reader users get the same figures. */
export const dataTable = css`
  /*
   * A table wider than a phone scrolls inside its own region (focusable, so the keyboard scrolls
   * it too) rather than widening the page: it takes the width it is given, whatever its columns.
   */
  .table-scroll {
    overflow-x: auto;
    contain: inline-size;
  }
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
