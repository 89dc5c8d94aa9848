import { css } from 'lit';

/**
 * A table that may be wider than its place (a phone): it scrolls in its own box (`.table-scroll`,
 * the table its first child), the page does not; while it does not fit, a line above it
 * (`.scroll-cue`) says so. {@link OverflowWatch} tells the component when.
 */
export const scrollingTable = css`
  .table-scroll {
    overflow-x: auto;
    contain: inline-size;
  }
  .scroll-cue {
    margin: 0;
    color: var(--_muted);
    font-size: 0.9em;
  }
`;
