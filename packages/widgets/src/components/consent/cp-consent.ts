import { define } from '../../internal/define.js';
import { CpConsent } from './consent.js';

export { CpConsent };
define('cp-consent', CpConsent);

declare global {
  interface HTMLElementTagNameMap {
    'cp-consent': CpConsent;
  }
}
