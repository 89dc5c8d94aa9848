import { css } from 'lit';

/**
 * Global design tokens. Every component reads `--cp-*` custom properties with these defaults, so a
 * host page can set them once on `:root`. Inherited font and colour come from the host page.
 */
export const tokens = css`
  :host {
    --_surface: var(--cp-color-surface, Canvas);
    --_muted: var(--cp-color-muted, #4a4a4a);
    --_accent: var(--cp-color-accent, #1b5e9e);
    --_accent-text: var(--cp-color-accent-text, #ffffff);
    --_danger: var(--cp-color-danger, #b00020);
    --_ok: var(--cp-color-ok, #1e6b2f);
    --_border: var(--cp-color-border, #767676);
    --_radius: var(--cp-radius, 6px);
    --_space: var(--cp-space, 0.75rem);
    --_focus: var(--cp-color-focus, #ffbf47);
    --_target: var(--cp-target-size, 44px);
    display: block;
    box-sizing: border-box;
    /* Unset tokens make these declarations invalid, so font and colour inherit from the page. */
    font-family: var(--cp-font-family);
    color: var(--cp-color-text);
    line-height: 1.5;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  button {
    font: inherit;
    min-height: var(--_target);
    min-width: var(--_target);
    padding: 0.4rem 1rem;
    border-radius: var(--_radius);
    border: 2px solid var(--_accent);
    background: var(--_accent);
    color: var(--_accent-text);
    cursor: pointer;
  }
  button[data-variant='danger'] {
    background: var(--_danger);
    border-color: var(--_danger);
    color: #fff;
  }
  button[data-variant='secondary'] {
    background: transparent;
    color: var(--_accent);
  }
  button:disabled {
    opacity: 0.55;
    cursor: not-allowed;
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  @media (forced-colors: active) {
    button {
      border: 2px solid ButtonText;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    * {
      transition: none !important;
      animation: none !important;
    }
  }
`;
