import { css } from 'lit';

export const styles = css`
  :host {
    --_accent: var(--cp-intake-form-accent, var(--cp-color-accent, #1b5e9e));
  }
`;
