import { define } from '../../internal/define.js';
import { CpIntakeInbox } from './intake-inbox.js';

export { CpIntakeInbox };
define('cp-intake-inbox', CpIntakeInbox);

declare global {
  interface HTMLElementTagNameMap {
    'cp-intake-inbox': CpIntakeInbox;
  }
}
