import { define } from '../../internal/define.js';
import { CpFirstContact } from './first-contact.js';

export { CpFirstContact };
define('cp-first-contact', CpFirstContact);

declare global {
  interface HTMLElementTagNameMap {
    'cp-first-contact': CpFirstContact;
  }
}
